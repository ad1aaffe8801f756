using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;

namespace PromoServerless.Functions.Sales;

/// <summary>
/// The single places where a conversion is created, approved or reversed and where a payout is marked paid. Each is
/// called once per change that was written (after the write), so publishing an event is one call added here.
/// </summary>
public sealed class SalesNotifications(ILogger<SalesNotifications> logger)
{
    public Task ConversionCreatedAsync(BrandId brand, Conversion conversion, CancellationToken cancellationToken)
    {
        logger.LogInformation("Conversion {OrderId} created for member {MemberId} in offer {OfferId} ({Status}).", conversion.OrderId, conversion.MemberId, conversion.OfferId, conversion.Status);
        return Task.CompletedTask;
    }

    public Task ConversionApprovedAsync(BrandId brand, Conversion conversion, CancellationToken cancellationToken)
    {
        logger.LogInformation("Conversion {OrderId} approved.", conversion.OrderId);
        return Task.CompletedTask;
    }

    /// <summary>A conversion rejected, cancelled, or reduced by a refund.</summary>
    public Task ConversionReversedAsync(BrandId brand, Conversion conversion, CancellationToken cancellationToken)
    {
        logger.LogInformation("Conversion {OrderId} reversed ({Status}, commission {Commission}).", conversion.OrderId, conversion.Status, conversion.Commission);
        return Task.CompletedTask;
    }

    public Task PayoutPaidAsync(BrandId brand, MemberPayout payout, CancellationToken cancellationToken)
    {
        logger.LogInformation("Payout of {Due} to member {MemberId} marked paid.", payout.Due, payout.MemberId);
        return Task.CompletedTask;
    }
}
