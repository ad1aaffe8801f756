using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Naming;

/// <summary>What to do when a proposed code is already taken.</summary>
public enum CollisionPolicy
{
    /// <summary>JOHN → JOHN2, JOHN3…; after a digit a letter is used instead (JOHN10 → JOHN10B, JOHN10C…).</summary>
    NumericSuffix,

    /// <summary>Appends three random characters (JOHN10 → JOHN10K7Q), starting with a letter.</summary>
    RandomSuffix,
}

/// <summary>How codes are built for an offer (validated).</summary>
public sealed record NamingStrategy(CodePattern Pattern, string? Preset, CollisionPolicy CollisionPolicy, int MaxAttempts, int MaxLength)
{
    public const int DefaultMaxAttempts = 10;
    public const int MaxAllowedAttempts = 20;
    public const int DefaultMaxLength = 32;
    public const int MinAllowedLength = 6;

    /// <summary>Shopify refuses longer codes.</summary>
    public const int ShopifyMaxLength = 255;

    /// <summary>The strategy used when a client sends none: the firstNameDiscount preset, numeric suffix.</summary>
    public static NamingStrategy Default { get; } = new(
        CodePattern.Parse(NamingPresetPattern(NamingPresets.Default)).Pattern!,
        NamingPresets.Default,
        CollisionPolicy.NumericSuffix,
        DefaultMaxAttempts,
        DefaultMaxLength);

    /// <summary>
    /// Why codes from this strategy could not fit <see cref="MaxLength"/> with a collision suffix,
    /// or null when they fit. Needs the discount because <c>{DISCOUNT}</c> is a fixed part.
    /// </summary>
    public string? CheckFits(string discountToken)
    {
        var needed = Pattern.MinimumLength(discountToken) + CollisionResolver.SuffixReserve(CollisionPolicy);
        return needed <= MaxLength
            ? null
            : $"Codes from this pattern need at least {needed} characters (fixed parts, one per name token and room for a collision suffix), more than maxLength {MaxLength}.";
    }

    private static string NamingPresetPattern(string preset) => NamingPresets.TryFind(preset, out _, out var pattern) ? pattern : string.Empty;
}

/// <summary>The naming strategy as a client sends it (<c>namingStrategy</c> in an offer).</summary>
public sealed record NamingStrategyDraft
{
    /// <summary>A custom pattern, e.g. <c>{FIRSTNAME}{DISCOUNT}</c>.</summary>
    public string? Pattern { get; init; }

    /// <summary>A preset name, e.g. <c>firstNameDiscount</c>. With a pattern, both must agree.</summary>
    public string? Preset { get; init; }

    /// <summary><c>numericSuffix</c> (default) or <c>randomSuffix</c>.</summary>
    public string? CollisionPolicy { get; init; }

    /// <summary>Candidates tried per member, the first proposal included: 1..20, default 10.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Longest code: 6..255, default 32.</summary>
    public int? MaxLength { get; init; }
}

public static class NamingStrategyValidator
{
    /// <summary>Validates a draft; a null draft gives <see cref="NamingStrategy.Default"/>. Field paths are relative to the strategy.</summary>
    public static Validated<NamingStrategy> Validate(NamingStrategyDraft? draft)
    {
        if (draft is null)
        {
            return Validated<NamingStrategy>.Ok(NamingStrategy.Default);
        }

        var errors = new ErrorCollector();
        var (pattern, preset) = ReadPattern(draft, errors);

        var policy = Naming.CollisionPolicy.NumericSuffix;
        if (draft.CollisionPolicy is not null && !EnumText.TryParse(draft.CollisionPolicy, out policy))
        {
            errors.Add("collisionPolicy", "Use numericSuffix or randomSuffix.");
        }

        var maxAttempts = draft.MaxAttempts ?? NamingStrategy.DefaultMaxAttempts;
        if (maxAttempts is < 1 or > NamingStrategy.MaxAllowedAttempts)
        {
            errors.Add("maxAttempts", $"Must be from 1 to {NamingStrategy.MaxAllowedAttempts}.");
        }

        var maxLength = draft.MaxLength ?? NamingStrategy.DefaultMaxLength;
        if (maxLength is < NamingStrategy.MinAllowedLength or > NamingStrategy.ShopifyMaxLength)
        {
            errors.Add("maxLength", $"Must be from {NamingStrategy.MinAllowedLength} to {NamingStrategy.ShopifyMaxLength}.");
        }

        return errors.ToResult(() => new NamingStrategy(pattern!, preset, policy, maxAttempts, maxLength));
    }

    private static (CodePattern? Pattern, string? Preset) ReadPattern(NamingStrategyDraft draft, ErrorCollector errors)
    {
        string? presetName = null;
        string? presetPattern = null;
        if (draft.Preset is not null)
        {
            if (NamingPresets.TryFind(draft.Preset, out var name, out var text))
            {
                (presetName, presetPattern) = (name, text);
            }
            else
            {
                errors.Add("preset", $"Unknown preset '{draft.Preset}'; use one of {string.Join(", ", NamingPresets.All.Select(p => p.Key))}.");
            }
        }

        if (draft.Pattern is null)
        {
            if (draft.Preset is null)
            {
                errors.Add("pattern", "Send a pattern or a preset.");
            }

            return (presetPattern is null ? null : CodePattern.Parse(presetPattern).Pattern, presetName);
        }

        var parsed = CodePattern.Parse(draft.Pattern);
        foreach (var error in parsed.Errors)
        {
            errors.Add("pattern", error.Message);
        }

        if (parsed.Pattern is not null && presetPattern is not null && parsed.Pattern.Text != presetPattern)
        {
            errors.Add("preset", $"The preset {presetName} is {presetPattern} but the pattern is {parsed.Pattern.Text}; send one of them, or both matching.");
        }

        return (parsed.Pattern, presetName);
    }
}
