using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Offers;

internal static class PayoutOptionsValidator
{
    public const int MaxOptions = 10;
    public const int MaxLabelLength = 100;

    public static IReadOnlyList<PayoutOption>? Validate(IReadOnlyList<PayoutOptionDraft?>? drafts, string currency, ErrorCollector errors)
    {
        if (drafts is null || drafts.Count == 0)
        {
            errors.Add("payoutOptions", "Add at least one payout option.");
            return null;
        }

        if (drafts.Count > MaxOptions)
        {
            errors.Add("payoutOptions", $"At most {MaxOptions} payout options.");
        }

        var options = new List<PayoutOption>();
        var labels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < drafts.Count; i++)
        {
            var field = $"payoutOptions[{i}]";
            if (drafts[i] is not { } draft)
            {
                errors.Add(field, "A payout option is required here.");
                continue;
            }

            var option = ValidateOne(draft, field, currency, errors);
            if (option is null)
            {
                continue;
            }

            if (!labels.TryAdd(option.Label, i))
            {
                errors.Add($"{field}.label", $"The label is already used by payoutOptions[{labels[option.Label]}].");
            }

            options.Add(option);
        }

        var defaults = drafts.Count(d => d?.IsDefault == true);
        if (drafts.Count == 1 && defaults == 0)
        {
            return options.Select(o => o with { IsDefault = true }).ToArray();
        }

        if (defaults != 1)
        {
            errors.Add("payoutOptions", defaults == 0
                ? "Mark one payout option as the default (isDefault: true)."
                : $"Only one payout option can be the default; {defaults} are marked.");
        }

        return options;
    }

    private static PayoutOption? ValidateOne(PayoutOptionDraft draft, string field, string currency, ErrorCollector errors)
    {
        var before = errors.Errors.Count;
        var label = TextRules.Required(errors, $"{field}.label", draft.Label, MaxLabelLength);

        PayoutType? type = null;
        if (draft.Type is null)
        {
            errors.Add($"{field}.type", "Required: CPA, CPS or CPA_CPS.");
        }
        else if (Naming.EnumText.TryParse<PayoutType>(draft.Type, out var parsed))
        {
            type = parsed;
        }
        else
        {
            errors.Add($"{field}.type", "Use CPA, CPS or CPA_CPS.");
        }

        if (type is { } known)
        {
            CheckFlatAmount(draft.FlatAmount, known, $"{field}.flatAmount", errors);
            CheckPercent(draft.Percent, known, $"{field}.percent", errors);
        }

        return errors.Errors.Count > before
            ? null
            : new PayoutOption(
                label!,
                type!.Value,
                draft.FlatAmount is { } amount ? new Money(amount, currency) : null,
                draft.Percent,
                draft.IsDefault ?? false);
    }

    private static void CheckFlatAmount(decimal? amount, PayoutType type, string field, ErrorCollector errors)
    {
        if (type == PayoutType.Cps)
        {
            if (amount is not null)
            {
                errors.Add(field, "A CPS payout has no flat amount; leave flatAmount out or use CPA_CPS.");
            }
        }
        else if (amount is not { } value)
        {
            errors.Add(field, "Required for CPA and CPA_CPS payouts.");
        }
        else if (value <= 0 || !TextRules.HasAtMostTwoDecimals(value))
        {
            errors.Add(field, "Must be greater than 0 with at most 2 decimals.");
        }
    }

    private static void CheckPercent(decimal? percent, PayoutType type, string field, ErrorCollector errors)
    {
        if (type == PayoutType.Cpa)
        {
            if (percent is not null)
            {
                errors.Add(field, "A CPA payout has no percent; leave percent out or use CPA_CPS.");
            }
        }
        else if (percent is not { } value)
        {
            errors.Add(field, "Required for CPS and CPA_CPS payouts.");
        }
        else if (value is <= 0 or > 100 || !TextRules.HasAtMostTwoDecimals(value))
        {
            errors.Add(field, "Must be greater than 0 and at most 100, with at most 2 decimals.");
        }
    }
}
