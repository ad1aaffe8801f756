using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Emails;

/// <summary>
/// Writes a code's start and end instants as the brand's members read them: converted to the brand's
/// IANA time zone and written in its locale. A time of exactly midnight is left out, so a code that
/// starts "on June 5" does not read "June 5 at 12:00 AM".
/// </summary>
public sealed class ActiveDateFormatter
{
    private readonly TimeZoneInfo _zone;
    private readonly DateLocale _locale;

    private ActiveDateFormatter(TimeZoneInfo zone, DateLocale locale)
    {
        _zone = zone;
        _locale = locale;
    }

    public string TimeZoneId => _zone.Id;

    public string LocaleName => _locale.Name;

    /// <summary>Checks the time zone id (IANA, e.g. <c>Europe/Paris</c>) and the culture name (e.g. <c>fr-FR</c>).</summary>
    public static Validated<ActiveDateFormatter> Create(string? timeZoneId, string? cultureName)
    {
        var errors = new ErrorCollector();
        var zone = FindZone(timeZoneId);
        if (zone is null)
        {
            errors.Add("timeZone", $"'{timeZoneId}' is not a known IANA time zone id, such as 'America/New_York'.");
        }

        var locale = DateLocale.Find(cultureName);
        if (locale is null)
        {
            var names = string.Join(", ", DateLocale.Supported.Select(l => l.Name));
            errors.Add("locale", $"'{cultureName}' is not a supported locale; use one of {names}.");
        }

        return errors.ToResult(() => new ActiveDateFormatter(zone!, locale!));
    }

    public string Format(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone).DateTime;
        return local.TimeOfDay == TimeSpan.Zero ? _locale.FormatDate(local) : _locale.FormatDateTime(local);
    }

    private static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
    }
}
