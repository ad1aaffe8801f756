using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Naming;

/// <summary>A sample member for a naming preview.</summary>
public sealed record NamingPreviewMember
{
    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Handle { get; init; }

    /// <summary>A code the user typed for this sample, to check it like a real override.</summary>
    public string? Code { get; init; }
}

/// <summary>Body of <c>POST /offers/naming-preview</c>.</summary>
public sealed record NamingPreviewRequest
{
    public NamingStrategyDraft? NamingStrategy { get; init; }

    /// <summary>The offer's discount value (10 for 10 % or 10 off), needed when the pattern uses {DISCOUNT}.</summary>
    public decimal? DiscountValue { get; init; }

    public IReadOnlyList<NamingPreviewMember?>? Members { get; init; }
}

/// <summary>The code a sample member would get, in the order the samples were sent.</summary>
public sealed record NamingPreviewItem(int Index, CodePlanStatus Status, string? Code, string? ProposedCode, string? FailureReason);

public static class NamingPreview
{
    public const int MaxMembers = 50;

    /// <summary>Runs the strategy over sample members as one batch would, duplicates included.</summary>
    public static Validated<IReadOnlyList<NamingPreviewItem>> Run(NamingPreviewRequest? request, IRandomSource random)
    {
        var errors = new ErrorCollector();
        if (request is null)
        {
            return Validated<IReadOnlyList<NamingPreviewItem>>.Fail("", "Send a naming strategy and sample members.");
        }

        var strategy = NamingStrategyValidator.Validate(request.NamingStrategy);
        errors.AddNested("namingStrategy", strategy.Errors);

        var members = request.Members ?? [];
        if (members.Count is 0 or > MaxMembers)
        {
            errors.Add("members", $"Send 1 to {MaxMembers} sample members.");
        }

        for (var i = 0; i < members.Count; i++)
        {
            if (members[i] is null)
            {
                errors.Add($"members[{i}]", "A sample member is required here.");
            }
        }

        var discountToken = request.DiscountValue is { } value ? CodeText.Digits(value) : string.Empty;
        if (strategy.IsValid)
        {
            if (strategy.Value.Pattern.UsesDiscount && request.DiscountValue is null)
            {
                errors.Add("discountValue", "The pattern uses {DISCOUNT}; send the discount value.");
            }
            else if (request.DiscountValue is <= 0)
            {
                errors.Add("discountValue", "Must be greater than 0.");
            }
            else if (strategy.Value.CheckFits(discountToken) is { } tooLong)
            {
                errors.Add("namingStrategy.maxLength", tooLong);
            }
        }

        return errors.ToResult<IReadOnlyList<NamingPreviewItem>>(() =>
        {
            var requests = members.Select((m, i) => new CodeRequest(new MemberId($"sample-{i}"), new NamingSubject(m!.FirstName, m.LastName, m.Handle), m.Code)).ToArray();
            var plan = CodeBatchPlanner.Plan(requests, strategy.Value, discountToken, random);
            return plan.Items.Select((item, i) => new NamingPreviewItem(i, item.Status, item.Code, item.ProposedCode, item.FailureReason)).ToArray();
        });
    }
}
