using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class ActiveDateFormatterTests
{
    // 2026-06-05 07:30 UTC: 09:30 in Paris, 03:30 in New York, 16:30 in Tokyo.
    private static readonly DateTimeOffset MorningUtc = new(2026, 6, 5, 7, 30, 0, TimeSpan.Zero);

    private static ActiveDateFormatter Formatter(string zone, string locale) => ActiveDateFormatter.Create(zone, locale).Value;

    [Theory]
    [InlineData("America/New_York", "en-US", "June 5, 2026 at 3:30 AM")]
    [InlineData("Asia/Tokyo", "en-US", "June 5, 2026 at 4:30 PM")]
    [InlineData("Europe/London", "en-GB", "5 June 2026 at 08:30")]
    [InlineData("Europe/Paris", "fr-FR", "5 juin 2026 à 09:30")]
    [InlineData("Europe/Berlin", "de-DE", "5. Juni 2026 um 09:30 Uhr")]
    [InlineData("Europe/Madrid", "es-ES", "5 de junio de 2026, 09:30")]
    [InlineData("Europe/Rome", "it-IT", "5 giugno 2026, 09:30")]
    [InlineData("Europe/Amsterdam", "nl-NL", "5 juni 2026 om 09:30")]
    public void Format_WhenZoneAndLocaleAreSupported_ShouldWriteLocalTimeInThatLocale(string zone, string locale, string expected)
    {
        Assert.Equal(expected, Formatter(zone, locale).Format(MorningUtc));
    }

    [Fact]
    public void Format_WhenInstantCrossesMidnightInTheZone_ShouldUseTheLocalDate()
    {
        var lateUtc = new DateTimeOffset(2026, 1, 31, 23, 15, 0, TimeSpan.Zero);

        Assert.Equal("February 1, 2026 at 8:15 AM", Formatter("Asia/Tokyo", "en-US").Format(lateUtc));
        Assert.Equal("January 31, 2026 at 3:15 PM", Formatter("America/Los_Angeles", "en-US").Format(lateUtc));
    }

    [Fact]
    public void Format_WhenLocalTimeIsMidnight_ShouldWriteTheDateOnly()
    {
        var midnightParis = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal("1er juillet 2026", Formatter("Europe/Paris", "fr-FR").Format(midnightParis));
        Assert.Equal("July 1, 2026", Formatter("Europe/Paris", "en-US").Format(midnightParis));
    }

    [Fact]
    public void Format_WhenDaylightSavingChanges_ShouldFollowTheZoneRules()
    {
        var winter = new DateTimeOffset(2026, 1, 15, 17, 0, 0, TimeSpan.Zero);
        var summer = new DateTimeOffset(2026, 7, 15, 17, 0, 0, TimeSpan.Zero);
        var newYork = Formatter("America/New_York", "en-US");

        Assert.Equal("January 15, 2026 at 12:00 PM", newYork.Format(winter));
        Assert.Equal("July 15, 2026 at 1:00 PM", newYork.Format(summer));
    }

    [Theory]
    [InlineData("fr-CA", "fr-FR")]
    [InlineData("en", "en-US")]
    [InlineData("de_AT", "de-DE")]
    [InlineData("EN-gb", "en-GB")]
    public void Create_WhenCultureIsAVariantOfASupportedLanguage_ShouldUseThatLanguage(string culture, string expected)
    {
        Assert.Equal(expected, Formatter("UTC", culture).LocaleName);
    }

    [Fact]
    public void Create_WhenZoneAndLocaleAreUnknown_ShouldReportBothFields()
    {
        var result = ActiveDateFormatter.Create("Mars/Olympus_Mons", "tlh-KX");

        Assert.False(result.IsValid);
        Assert.Equal(["timeZone", "locale"], result.Errors.Select(e => e.Field));
    }
}
