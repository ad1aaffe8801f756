using PromoServerless.Infra.Shopify;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>What became of one code change in Shopify.</summary>
public abstract record CodeChange
{
    public sealed record Done : CodeChange;

    /// <summary>Another discount in the store holds the code.</summary>
    public sealed record TakenElsewhere(string Code) : CodeChange;

    public sealed record Refused(string Reason) : CodeChange;

    public static CodeChange Ok { get; } = new Done();
}

/// <summary>
/// Changes redeem codes of one discount so that running a change again after a crash or a lost answer ends
/// in the same state: every method first reads what Shopify already has and only does what is missing.
/// </summary>
public sealed class DiscountCodeEditor(IShopifyAdminClient shopify)
{
    /// <summary>Deletes the codes from the discount; codes already gone are fine. Returns why Shopify refused, or null.</summary>
    public async Task<string?> RemoveAsync(ShopifyShop shop, string discountId, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var ids = new List<string>(codes.Count);
        foreach (var code in codes)
        {
            if (await shopify.FindRedeemCodeAsync(shop, discountId, code, cancellationToken) is { } redeem)
            {
                ids.Add(redeem.Id);
            }
        }

        if (ids.Count == 0)
        {
            return null;
        }

        var deleted = await shopify.DeleteRedeemCodesAsync(shop, discountId, ids, cancellationToken);
        return deleted.Succeeded ? null : "Shopify refused to delete the code: " + deleted.UserErrors.Describe();
    }

    /// <summary>Adds the codes to the discount (at most 250); a code the discount already has counts as added.</summary>
    public async Task<IReadOnlyDictionary<string, CodeChange>> AddAsync(ShopifyShop shop, string discountId, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<string, CodeChange>(StringComparer.OrdinalIgnoreCase);
        if (codes.Count == 0)
        {
            return changes;
        }

        var result = await shopify.AddCodesAsync(shop, discountId, codes, cancellationToken);
        if (result.UserErrors.Count > 0)
        {
            var refused = new CodeChange.Refused("Shopify refused the codes: " + result.UserErrors.Describe());
            return codes.ToDictionary(c => c, _ => (CodeChange)refused, StringComparer.OrdinalIgnoreCase);
        }

        var outcomes = result.Codes.GroupBy(c => c.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var code in codes)
        {
            changes[code] = outcomes.TryGetValue(code, out var outcome)
                ? await SettleAsync(shop, discountId, code, outcome, cancellationToken)
                : new CodeChange.Refused("Shopify did not report on the code.");
        }

        return changes;
    }

    /// <summary>Replaces <paramref name="oldCode"/> with <paramref name="newCode"/> on the discount, finishing a rename an earlier try began.</summary>
    public async Task<CodeChange> RenameAsync(ShopifyShop shop, string discountId, string oldCode, string newCode, CancellationToken cancellationToken)
    {
        if (await shopify.FindRedeemCodeAsync(shop, discountId, newCode, cancellationToken) is not null)
        {
            return await FinishRenameAsync(shop, discountId, oldCode, cancellationToken);
        }

        if (await shopify.FindRedeemCodeAsync(shop, discountId, oldCode, cancellationToken) is null)
        {
            // The old code is gone already (an earlier try deleted it, or someone did in Shopify): the new one only needs adding.
            return (await AddAsync(shop, discountId, [newCode], cancellationToken))[newCode];
        }

        var renamed = await shopify.RenameCodeAsync(shop, discountId, oldCode, newCode, cancellationToken);
        if (renamed.Succeeded || await shopify.FindRedeemCodeAsync(shop, discountId, newCode, cancellationToken) is not null)
        {
            // Also after a failure: the new code may have been added before the old one's deletion failed.
            return await FinishRenameAsync(shop, discountId, oldCode, cancellationToken);
        }

        return renamed.UserErrors.Any(e => e.IsTaken)
            ? new CodeChange.TakenElsewhere(newCode)
            : new CodeChange.Refused("Shopify refused the new code: " + renamed.UserErrors.Describe());
    }

    private async Task<CodeChange> FinishRenameAsync(ShopifyShop shop, string discountId, string oldCode, CancellationToken cancellationToken)
    {
        var error = await RemoveAsync(shop, discountId, [oldCode], cancellationToken);
        return error is null ? CodeChange.Ok : new CodeChange.Refused(error);
    }

    private async Task<CodeChange> SettleAsync(ShopifyShop shop, string discountId, string code, CodeImportOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Imported)
        {
            return CodeChange.Ok;
        }

        if (outcome.Refusal == CodeRefusal.Invalid)
        {
            return new CodeChange.Refused("Shopify refused the code: " + outcome.Errors.Describe());
        }

        var holder = await shopify.FindDiscountByCodeAsync(shop, code, cancellationToken);
        return holder?.Id == discountId ? CodeChange.Ok
            : holder is null && outcome.Refusal == CodeRefusal.Unclassified ? new CodeChange.Refused("Shopify refused the code: " + outcome.Errors.Describe())
            : new CodeChange.TakenElsewhere(code);
    }
}
