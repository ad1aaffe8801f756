using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>Status changes of single conversions: a brand's manual review and approval once the holding period is over.</summary>
public sealed class ConversionReviews(ConversionStore conversions, SalesNotifications notifications, TimeProvider time)
{
    /// <summary>Applies <paramref name="review"/> to the conversion of order <paramref name="conversionId"/>; a null conversion means the brand has none by that id.</summary>
    public async Task<(ReviewOutcome Outcome, Conversion? Conversion)> ReviewAsync(
        BrandId brand, string conversionId, Func<Conversion, DateTimeOffset, (ReviewOutcome, Conversion)> review, CancellationToken cancellationToken)
    {
        if (conversionId.Length is 0 or > 64 || !conversionId.All(char.IsAsciiLetterOrDigit))
        {
            return (ReviewOutcome.Refused, null);
        }

        // Attributing counts as well as Converted: the conversion may already be listed while its delivery finishes the trail.
        var trail = await conversions.GetTrailAsync(brand, conversionId, cancellationToken);
        if (trail?.ConversionKey is not (var offer, var member))
        {
            return (ReviewOutcome.Refused, null);
        }

        var now = time.GetUtcNow();
        var outcome = ReviewOutcome.Unchanged;
        Conversion? before = null;
        var after = await conversions.ApplyAsync(brand, offer, member, conversionId, c =>
        {
            before = c;
            if (c is null)
            {
                return null;
            }

            (outcome, var reviewed) = review(c, now);
            return reviewed;
        }, cancellationToken);
        if (outcome == ReviewOutcome.Changed && after is not null)
        {
            await NotifyAsync(brand, before, after, cancellationToken);
        }

        return (outcome, after);
    }

    /// <summary>Approves every pending conversion whose holding period has ended; returns how many it approved.</summary>
    public async Task<int> ApproveHeldAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var approved = 0;
        await foreach (var (brand, due) in conversions.StreamDueForApprovalAsync(now, cancellationToken))
        {
            var after = await conversions.ApplyAsync(brand, due.OfferId, due.MemberId, due.OrderId, c => c?.ApproveIfDue(now), cancellationToken);
            if (after is { Status: ConversionStatus.Approved })
            {
                approved++;
                await notifications.ConversionApprovedAsync(brand, after, cancellationToken);
            }
        }

        return approved;
    }

    private Task NotifyAsync(BrandId brand, Conversion? before, Conversion after, CancellationToken cancellationToken) =>
        after.Status switch
        {
            ConversionStatus.Approved when before?.Status != ConversionStatus.Approved => notifications.ConversionApprovedAsync(brand, after, cancellationToken),
            ConversionStatus.Rejected when before?.Status != ConversionStatus.Rejected => notifications.ConversionReversedAsync(brand, after, cancellationToken),
            _ => Task.CompletedTask,
        };
}
