using System.Globalization;
using System.Text;

namespace PromoServerless.Domain.Naming;

/// <summary>
/// Turns free text (names, handles) into code characters: upper-case A-Z and 0-9 only.
/// Latin letters with diacritics are folded to their base letters; everything else is dropped.
/// </summary>
public static class CodeText
{
    // One base letter per character from U+00C0 to U+017F. '-' marks a character that is either
    // dropped (× ÷) or folds to two letters (see MultiLetterFolds).
    // We carry our own table because the apps run with InvariantGlobalization, where
    // string.Normalize leaves non-ASCII text unchanged, so a FormD decomposition would fold nothing.
    private const string LatinFolds =
        "AAAAAA-CEEEEIIIIDNOOOOO-OUUUUY--" + // U+00C0
        "AAAAAA-CEEEEIIIIDNOOOOO-OUUUUY-Y" + // U+00E0
        "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGG" + // U+0100
        "GGGGHHHHIIIIIIIIII--JJKKKLLLLLLL" + // U+0120
        "LLLNNNNNNNNNOOOOOO--RRRRRRSSSSSS" + // U+0140
        "SSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS"; // U+0160

    private const char FirstFolded = '\u00C0';

    /// <summary>The characters a code may contain.</summary>
    public static bool IsCodeCharacter(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    /// <summary>True when <paramref name="text"/> is non-empty and made only of A-Z and 0-9.</summary>
    public static bool IsCode(string text) => text.Length > 0 && text.All(IsCodeCharacter);

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            AppendFolded(result, c);
        }

        return result.ToString();
    }

    private static void AppendFolded(StringBuilder result, char c)
    {
        if (c is >= 'a' and <= 'z')
        {
            result.Append((char)(c - 'a' + 'A'));
        }
        else if (IsCodeCharacter(c))
        {
            result.Append(c);
        }
        else if (c is >= '\uFF21' and <= '\uFF3A')
        {
            result.Append((char)(c - '\uFF21' + 'A')); // full-width A-Z
        }
        else if (c is >= '\uFF41' and <= '\uFF5A')
        {
            result.Append((char)(c - '\uFF41' + 'A')); // full-width a-z
        }
        else if (c is >= '\uFF10' and <= '\uFF19')
        {
            result.Append((char)(c - '\uFF10' + '0')); // full-width 0-9
        }
        else if (MultiLetterFold(c) is { } letters)
        {
            result.Append(letters);
        }
        else if (c >= FirstFolded && c < FirstFolded + LatinFolds.Length && LatinFolds[c - FirstFolded] != '-')
        {
            result.Append(LatinFolds[c - FirstFolded]);
        }

        // Anything else (combining marks, punctuation, spaces, emoji halves, other scripts) is dropped.
    }

    private static string? MultiLetterFold(char c) => c switch
    {
        'Æ' or 'æ' => "AE",
        'Œ' or 'œ' => "OE",
        'Þ' or 'þ' => "TH",
        'ß' => "SS",
        'Ĳ' or 'ĳ' => "IJ",
        _ => null,
    };

    /// <summary>Formats a number for a code: digits only, no separator, trailing fractional zeros removed (12.50 gives "125").</summary>
    public static string Digits(decimal value)
    {
        var text = Math.Abs(value).ToString("0.############################", CultureInfo.InvariantCulture);
        return text.Replace(".", string.Empty, StringComparison.Ordinal);
    }
}
