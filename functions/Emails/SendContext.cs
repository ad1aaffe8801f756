using PromoServerless.Domain.Brands;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>What every email of one offer shares: the offer and brand as templates read them, the sender, and how dates are written.</summary>
public sealed record SendContext(TemplateOffer Offer, TemplateBrand Brand, SenderIdentity Sender, ActiveDateFormatter Dates);

public sealed class SendContextLoader(BrandStore brands, OfferStore offers)
{
    /// <summary>Null when the brand or the offer does not exist.</summary>
    public async Task<SendContext?> LoadAsync(BrandId brandId, OfferId offerId, CancellationToken cancellationToken)
    {
        var brand = await brands.GetAsync(brandId, cancellationToken);
        var offer = brand is null ? null : await offers.GetAsync(brandId, offerId, cancellationToken);
        if (brand is null || offer is null)
        {
            return null;
        }

        var definition = offer.Value.Definition;
        return new SendContext(
            new TemplateOffer(definition.Name, definition.Description ?? string.Empty, definition.Discount.Describe()),
            new TemplateBrand(brand.Name, "https://" + brand.ShopDomain),
            SenderIdentity.Checked(brand.SenderName ?? brand.Name, brand.SenderAddress),
            DatesFor(brand));
    }

    /// <summary>The brand's zone and locale were checked when it was saved; a brand from before that check writes UTC in en-US.</summary>
    private static ActiveDateFormatter DatesFor(Brand brand)
    {
        var dates = ActiveDateFormatter.Create(brand.TimeZone, brand.Locale);
        return dates.IsValid ? dates.Value : ActiveDateFormatter.Create("UTC", "en-US").Value;
    }
}
