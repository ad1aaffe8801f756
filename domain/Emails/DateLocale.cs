using System.Collections.Frozen;
using System.Globalization;

namespace PromoServerless.Domain.Emails;

/// <summary>
/// How one locale writes a date and a time of day. The app runs with InvariantGlobalization, so .NET
/// has no culture data beyond the invariant culture: the few locales brands use are written out here.
/// Patterns use <c>{day}</c>, <c>{month}</c>, <c>{year}</c> and <c>{time}</c>.
/// </summary>
public sealed record DateLocale(
    string Name,
    IReadOnlyList<string> MonthNames,
    string DatePattern,
    string DateTimePattern,
    bool TwelveHourClock,
    string FirstOfMonthSuffix = "")
{
    public static DateLocale EnglishUnitedStates { get; } = new(
        "en-US",
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        "{month} {day}, {year}",
        "{month} {day}, {year} at {time}",
        TwelveHourClock: true);

    public static DateLocale EnglishUnitedKingdom { get; } = new(
        "en-GB",
        EnglishUnitedStates.MonthNames,
        "{day} {month} {year}",
        "{day} {month} {year} at {time}",
        TwelveHourClock: false);

    public static DateLocale French { get; } = new(
        "fr-FR",
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        "{day} {month} {year}",
        "{day} {month} {year} à {time}",
        TwelveHourClock: false,
        FirstOfMonthSuffix: "er");

    public static DateLocale German { get; } = new(
        "de-DE",
        ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        "{day}. {month} {year}",
        "{day}. {month} {year} um {time} Uhr",
        TwelveHourClock: false);

    public static DateLocale Spanish { get; } = new(
        "es-ES",
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        "{day} de {month} de {year}",
        "{day} de {month} de {year}, {time}",
        TwelveHourClock: false);

    public static DateLocale Italian { get; } = new(
        "it-IT",
        ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
        "{day} {month} {year}",
        "{day} {month} {year}, {time}",
        TwelveHourClock: false);

    public static DateLocale Dutch { get; } = new(
        "nl-NL",
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        "{day} {month} {year}",
        "{day} {month} {year} om {time}",
        TwelveHourClock: false);

    public static IReadOnlyList<DateLocale> Supported { get; } =
        [EnglishUnitedStates, EnglishUnitedKingdom, French, German, Spanish, Italian, Dutch];

    private static readonly FrozenDictionary<string, DateLocale> ByName =
        Supported.ToFrozenDictionary(l => l.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Finds the locale for a culture name: an exact match first, then the first supported locale of the
    /// same language (so <c>fr-CA</c> writes dates as <c>fr-FR</c> does).
    /// </summary>
    public static DateLocale? Find(string? cultureName)
    {
        if (string.IsNullOrWhiteSpace(cultureName))
        {
            return null;
        }

        var name = cultureName.Trim().Replace('_', '-');
        if (ByName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var language = name.Split('-')[0];
        return Supported.FirstOrDefault(l => l.Name.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase));
    }

    public string FormatDate(DateTime local) => Fill(DatePattern, local);

    public string FormatDateTime(DateTime local) => Fill(DateTimePattern, local);

    private string Fill(string pattern, DateTime local)
    {
        var day = local.Day.ToString(CultureInfo.InvariantCulture) + (local.Day == 1 ? FirstOfMonthSuffix : string.Empty);
        return pattern
            .Replace("{day}", day, StringComparison.Ordinal)
            .Replace("{month}", MonthNames[local.Month - 1], StringComparison.Ordinal)
            .Replace("{year}", local.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{time}", FormatTime(local), StringComparison.Ordinal);
    }

    private string FormatTime(DateTime local) =>
        TwelveHourClock
            ? local.ToString("h:mm", CultureInfo.InvariantCulture) + (local.Hour < 12 ? " AM" : " PM")
            : local.ToString("HH:mm", CultureInfo.InvariantCulture);
}
