using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

public enum PayoutOutcome
{
    Paid,
    Replayed,
    KeyReused,
    NothingDue,
}

public sealed record PayoutResult(PayoutOutcome Outcome, PaidPayoutResponse? Payout = null);

/// <summary>What members are due, and recording a payout as paid once per Idempotency-Key.</summary>
public sealed class PayoutDesk(
    ConversionStore conversions, PayoutStore payouts, BrandStore brands, IdempotencyStore idempotency, SalesNotifications notifications, TimeProvider time)
{
    public async Task<IReadOnlyList<MemberPayout>> DueAsync(BrandId brand, MemberId? member, CancellationToken cancellationToken) =>
        Payouts.Due(await PayableAsync(brand, member, cancellationToken), await CurrencyAsync(brand, cancellationToken));

    /// <summary>
    /// The payout is stored (with the conversions it covers) before they are marked paid, so a retry after a crash
    /// marks the same conversions and answers with the same payout; marking a conversion paid twice changes nothing.
    /// </summary>
    public async Task<PayoutResult> MarkPaidAsync(IdempotentRequest key, MemberId member, string? reference, CancellationToken cancellationToken)
    {
        var brand = key.Brand;
        var earlier = await idempotency.FindAsync(key, cancellationToken);
        if (earlier?.Outcome == IdempotencyOutcome.Mismatch)
        {
            return new PayoutResult(PayoutOutcome.KeyReused);
        }

        if (earlier is not null && await payouts.GetAsync(brand, earlier.ResourceId, cancellationToken) is { } stored)
        {
            await SettleAsync(brand, stored, cancellationToken);
            await notifications.PayoutPaidAsync(brand, stored, cancellationToken);
            return new PayoutResult(PayoutOutcome.Replayed, Response(stored));
        }

        var payable = await PayableAsync(brand, member, cancellationToken);
        var due = Payouts.Due(payable, await CurrencyAsync(brand, cancellationToken)).SingleOrDefault();
        if (due is null)
        {
            return new PayoutResult(PayoutOutcome.NothingDue);
        }

        var claim = earlier ?? await idempotency.ClaimAsync(key, Ids.NewId(), time.GetUtcNow(), cancellationToken);
        if (claim.Outcome == IdempotencyOutcome.Mismatch)
        {
            return new PayoutResult(PayoutOutcome.KeyReused);
        }

        if (claim.Outcome == IdempotencyOutcome.Replayed && await payouts.GetAsync(brand, claim.ResourceId, cancellationToken) is { } raced)
        {
            await SettleAsync(brand, raced, cancellationToken);
            await notifications.PayoutPaidAsync(brand, raced, cancellationToken);
            return new PayoutResult(PayoutOutcome.Replayed, Response(raced));
        }

        var payout = new PayoutRecord(claim.ResourceId, member, due.Due, payable.Select(c => new PaidConversion(c.OfferId, c.OrderId)).ToArray(), time.GetUtcNow(), reference);
        await payouts.SaveAsync(brand, payout, cancellationToken);
        await SettleAsync(brand, payout, cancellationToken);
        await notifications.PayoutPaidAsync(brand, payout, cancellationToken);
        return new PayoutResult(PayoutOutcome.Paid, Response(payout));
    }

    private async Task SettleAsync(BrandId brand, PayoutRecord payout, CancellationToken cancellationToken)
    {
        foreach (var paid in payout.Conversions)
        {
            await conversions.ApplyAsync(brand, paid.OfferId, payout.MemberId, paid.OrderId, c => c?.MarkPaid(), cancellationToken);
        }
    }

    private async Task<List<Conversion>> PayableAsync(BrandId brand, MemberId? member, CancellationToken cancellationToken)
    {
        var payable = new List<Conversion>();
        await foreach (var conversion in conversions.StreamPayableAsync(brand, member, cancellationToken))
        {
            payable.Add(conversion);
        }

        return payable;
    }

    private async Task<string> CurrencyAsync(BrandId brand, CancellationToken cancellationToken) =>
        (await brands.GetAsync(brand, cancellationToken))?.Currency ?? "USD";

    private static PaidPayoutResponse Response(PayoutRecord p) =>
        new(p.Id, p.MemberId.Value, new Offers.MoneyResponse(p.Amount.Amount, p.Amount.Currency), p.Conversions.Select(c => c.OrderId).ToArray(), p.PaidAt);
}
