namespace PromoServerless.Domain.Naming;

/// <summary>Named patterns a client can pick instead of writing one.</summary>
public static class NamingPresets
{
    public const string FirstNameDiscount = "firstNameDiscount";
    public const string LastNameDiscount = "lastNameDiscount";
    public const string FullNameDiscount = "fullNameDiscount";
    public const string HandleDiscount = "handleDiscount";
    public const string FirstName = "firstName";
    public const string Handle = "handle";
    public const string FirstNameRandom = "firstNameRandom";
    public const string HandleRandom = "handleRandom";
    public const string RandomOnly = "random";

    public const string Default = FirstNameDiscount;

    /// <summary>Preset name to pattern, in the order a client should list them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
    [
        new(FirstNameDiscount, "{FIRSTNAME}{DISCOUNT}"),
        new(LastNameDiscount, "{LASTNAME}{DISCOUNT}"),
        new(FullNameDiscount, "{FULLNAME}{DISCOUNT}"),
        new(HandleDiscount, "{HANDLE}{DISCOUNT}"),
        new(FirstName, "{FIRSTNAME}"),
        new(Handle, "{HANDLE}"),
        new(FirstNameRandom, "{FIRSTNAME}{RANDOM:4}"),
        new(HandleRandom, "{HANDLE}{RANDOM:4}"),
        new(RandomOnly, "{RANDOM:8}"),
    ];

    /// <summary>Finds a preset by name, ignoring case; gives the preset's canonical name and pattern.</summary>
    public static bool TryFind(string? name, out string canonicalName, out string pattern)
    {
        foreach (var (presetName, presetPattern) in All)
        {
            if (string.Equals(presetName, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                canonicalName = presetName;
                pattern = presetPattern;
                return true;
            }
        }

        canonicalName = string.Empty;
        pattern = string.Empty;
        return false;
    }
}
