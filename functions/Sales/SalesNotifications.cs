using System.Globalization;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Domain.Sales;
using PromoServerless.Functions.Events;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>
/// The single places where a conversion is created, approved or reversed and where a payout is marked paid. Each is
/// called after the change was written, and again when a retry finds it written, so each publishes its event under a
/// key naming the change: a repeated call publishes the same event once.
/// </summary>
public sealed class SalesNotifications(EventPublisher events, ILogger<SalesNotifications> logger)
{
    public Task ConversionCreatedAsync(BrandId brand, Conversion conversion, CancellationToken cancellationToken)
    {
        logger.LogInformation("Conversion {OrderId} created for member {MemberId} in offer {OfferId} ({Status}).", conversion.OrderId, conversion.MemberId, conversion.OfferId, conversion.Status);
        return events.PublishAsync(brand, EventType.ConversionCreated, Key(conversion), ConversionResponse.From(conversion), cancellationToken);
    }

    public Task ConversionApprovedAsync(BrandId brand, Conversion conversion, CancellationToken cancellationToken)
    {
        logger.LogInformation("Conversion {OrderId} approved.", conversion.OrderId);
        return events.PublishAsync(brand, EventType.ConversionApproved, Key(conversion), ConversionResponse.From(conversion), cancellationToken);
    }

    /// <summary>A conversion rejected, cancelled, or reduced by a refund: each reversal is its own event (its key names the refunds applied so far).</summary>
    public Task ConversionReversedAsync(BrandId brand, Conversion conversion, CancellationToken cancellationToken)
    {
        logger.LogInformation("Conversion {OrderId} reversed ({Status}, commission {Commission}).", conversion.OrderId, conversion.Status, conversion.Commission);
        var key = string.Join(':', Key(conversion), conversion.Status, conversion.RefundedBase.Amount.ToString(CultureInfo.InvariantCulture), conversion.AppliedRefunds.Count);
        return events.PublishAsync(brand, EventType.ConversionReversed, key, ConversionResponse.From(conversion), cancellationToken);
    }

    public Task PayoutPaidAsync(BrandId brand, PayoutRecord payout, CancellationToken cancellationToken)
    {
        logger.LogInformation("Payout {PayoutId} of {Amount} to member {MemberId} marked paid.", payout.Id, payout.Amount, payout.MemberId);
        return events.PublishAsync(brand, EventType.PayoutPaid, payout.Id, PayoutPaidEvent.From(payout), cancellationToken);
    }

    private static string Key(Conversion conversion) => conversion.OfferId.Value + ":" + conversion.OrderId;
}

/// <summary>The data of a <c>payout.paid</c> event.</summary>
public sealed record PayoutPaidEvent(string PayoutId, string MemberId, decimal Amount, string Currency, int Conversions, DateTimeOffset PaidAt, string? Reference)
{
    public static PayoutPaidEvent From(PayoutRecord payout) =>
        new(payout.Id, payout.MemberId.Value, payout.Amount.Amount, payout.Amount.Currency, payout.Conversions.Count, payout.PaidAt, payout.Reference);
}
