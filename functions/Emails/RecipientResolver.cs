using System.Globalization;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Domain.Members;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>One page of candidates and the token for the next.</summary>
public sealed record CandidatePage(IReadOnlyList<RecipientCandidate> Items, string? ContinuationToken);

/// <summary>Finds the members a send or preview is for, each with their code in the offer.</summary>
public sealed class RecipientResolver(MemberStore members, PromoCodeStore codes, CodeOperationStore operations)
{
    // Up to this many members, reading each one's code is cheaper than reading the offer's whole code partition.
    private const int PointReadLimit = 200;

    public async Task<IReadOnlyList<RecipientCandidate>> ResolveAsync(BrandId brand, OfferId offer, RecipientChoice choice, CancellationToken cancellationToken)
    {
        switch (choice)
        {
            case RecipientChoice.Members named:
                return await ForMembersAsync(brand, offer, named.Ids, cancellationToken);
            case RecipientChoice.Operation operation:
                return await ChangedByAsync(brand, offer, operation.OperationId, cancellationToken);
            case RecipientChoice.Batch batch:
                var ofBatch = (await codes.GetAllForOfferAsync(brand, offer, cancellationToken)).Values.Where(c => c.BatchId == batch.BatchId);
                return await WithMembersAsync(brand, ofBatch, cancellationToken);
            default:
                return await WithMembersAsync(brand, (await codes.GetAllForOfferAsync(brand, offer, cancellationToken)).Values, cancellationToken);
        }
    }

    /// <summary>
    /// A page of candidates for a preview: named members page by position; "all with an active code" pages
    /// through the offer's codes, so a page may hold fewer than <paramref name="pageSize"/>.
    /// </summary>
    public async Task<CandidatePage> PageAsync(BrandId brand, OfferId offer, RecipientChoice choice, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (choice is RecipientChoice.Members named)
        {
            var offset = ReadOffset(continuationToken);
            var slice = named.Ids.Skip(offset).Take(pageSize).ToArray();
            var next = offset + slice.Length < named.Ids.Count ? ContinuationTokens.Encode((offset + slice.Length).ToString(CultureInfo.InvariantCulture)) : null;
            return new CandidatePage(await ForMembersAsync(brand, offer, slice, cancellationToken), next);
        }

        var page = await codes.GetPageAsync(brand, offer, null, pageSize, continuationToken, cancellationToken);
        return new CandidatePage(await WithMembersAsync(brand, page.Items.Select(c => c.Value), cancellationToken), page.ContinuationToken);
    }

    /// <summary>The members whose step of the operation succeeded, in the operation's order, each with the code they had before.</summary>
    private async Task<IReadOnlyList<RecipientCandidate>> ChangedByAsync(BrandId brand, OfferId offer, string operationId, CancellationToken cancellationToken)
    {
        var changed = (await operations.GetStepsAsync(brand, operationId, cancellationToken)).Values
            .Where(s => s.Outcome == Domain.Codes.Operations.StepOutcome.Ok)
            .OrderBy(s => s.Position)
            .ToArray();
        var candidates = await ForMembersAsync(brand, offer, changed.Select(s => s.MemberId).ToArray(), cancellationToken);
        return candidates
            .Select((c, i) => c.Code is { } now && !string.Equals(now.Code, changed[i].FromCode, StringComparison.OrdinalIgnoreCase) ? c with { PreviousCode = changed[i].FromCode } : c)
            .ToArray();
    }

    private async Task<IReadOnlyList<RecipientCandidate>> ForMembersAsync(BrandId brand, OfferId offer, IReadOnlyList<MemberId> ids, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<MemberId, Member> found;
        IReadOnlyDictionary<MemberId, PromoCode> codesOf;
        if (ids.Count <= PointReadLimit)
        {
            found = await members.GetManyAsync(brand, ids, cancellationToken);
            codesOf = await ReadCodesAsync(brand, offer, ids.Where(found.ContainsKey), cancellationToken);
        }
        else
        {
            // The two reads do not depend on each other here.
            var reading = members.GetManyAsync(brand, ids, cancellationToken);
            var allCodes = codes.GetAllForOfferAsync(brand, offer, cancellationToken);
            await Task.WhenAll(reading, allCodes);
            (found, codesOf) = (await reading, await allCodes);
        }

        return ids.Select(id => new RecipientCandidate(id, found.GetValueOrDefault(id)?.Profile, codesOf.GetValueOrDefault(id))).ToArray();
    }

    /// <summary>The members holding <paramref name="offerCodes"/> that can be emailed, in member-id order.</summary>
    private async Task<IReadOnlyList<RecipientCandidate>> WithMembersAsync(BrandId brand, IEnumerable<PromoCode> offerCodes, CancellationToken cancellationToken)
    {
        var emailable = offerCodes.Where(RecipientPlanner.CanBeEmailed).OrderBy(c => c.MemberId.Value, StringComparer.Ordinal).ToArray();
        var found = await members.GetManyAsync(brand, emailable.Select(c => c.MemberId), cancellationToken);
        return emailable.Select(c => new RecipientCandidate(c.MemberId, found.GetValueOrDefault(c.MemberId)?.Profile, c)).ToArray();
    }

    private async Task<Dictionary<MemberId, PromoCode>> ReadCodesAsync(BrandId brand, OfferId offer, IEnumerable<MemberId> ids, CancellationToken cancellationToken)
    {
        var reads = ids.Distinct().Select(async id => (await codes.GetAsync(brand, offer, id, cancellationToken))?.Value);
        var found = await Task.WhenAll(reads);
        return found.OfType<PromoCode>().ToDictionary(c => c.MemberId);
    }

    private static int ReadOffset(string? continuationToken)
    {
        if (continuationToken is null)
        {
            return 0;
        }

        return int.TryParse(ContinuationTokens.Decode(continuationToken), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new InvalidContinuationTokenException();
    }
}
