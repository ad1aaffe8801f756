using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Templates;

namespace PromoServerless.Integration.Tests.Email;

public sealed class EmailSendingRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddEmailSending(configuration).BuildServiceProvider();
    }

    private static readonly Dictionary<string, string?> AzureSettings = new()
    {
        ["Email:Smtp:Host"] = "smtp.azurecomm.net",
        ["Email:Smtp:Port"] = "587",
        ["Email:Smtp:SecureSocketOptions"] = "StartTls",
        ["Email:Smtp:UserName"] = "promo-acs.app.tenant",
        ["Email:Smtp:Password"] = "secret",
        ["Email:Smtp:FromAddress"] = "DoNotReply@mail.glow.example.test",
        ["Email:Smtp:FromName"] = "Glow Co",
        ["Email:Smtp:Timeout"] = "00:00:20",
        ["Email:Smtp:MaxPerMinute"] = "30",
        ["Email:Smtp:MaxPerHour"] = "100",
    };

    [Fact]
    public void AddEmailSending_WhenSettingsAreComplete_ShouldBindThemAndResolveTheServices()
    {
        using var provider = Build(AzureSettings);

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<SmtpOptions>>().Value;

        Assert.Equal(("smtp.azurecomm.net", 587, MailKit.Security.SecureSocketOptions.StartTls), (options.Host, options.Port, options.SecureSocketOptions));
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.IsType<SmtpEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.NotNull(provider.GetRequiredService<EmailTemplateRenderer>());
        Assert.NotNull(provider.GetRequiredService<EmailTemplateValidator>());
    }

    [Fact]
    public async Task DisposeAsync_WhenTheSenderWasResolvedUnderBothItsNames_ShouldDisposeCleanly()
    {
        var provider = Build(AzureSettings);
        var sender = provider.GetRequiredService<IEmailSender>();
        Assert.Same(sender, provider.GetRequiredService<SmtpEmailSender>());

        // The container disposes the one sender once per registration that handed it out.
        var failure = await Record.ExceptionAsync(async () => await provider.DisposeAsync());

        Assert.Null(failure);
    }

    [Theory]
    [InlineData("Email:Smtp:Host", null, "Email:Smtp:Host is required")]
    [InlineData("Email:Smtp:FromAddress", null, "Email:Smtp:FromAddress is required")]
    [InlineData("Email:Smtp:FromAddress", "no-at-sign", "Email:Smtp:FromAddress 'no-at-sign' is not a valid email address")]
    [InlineData("Email:Smtp:Password", null, "Email:Smtp:UserName and Email:Smtp:Password are set together")]
    [InlineData("Email:Smtp:MaxPerMinute", "0", "Email:Smtp:MaxPerMinute must be at least 1")]
    [InlineData("Email:Smtp:Port", "70000", "Email:Smtp:Port must be between 1 and 65535")]
    public void AddEmailSending_WhenASettingIsMissingOrWrong_ShouldFailAtStartWithItsName(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>(AzureSettings) { [key] = value };
        using var provider = Build(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(failure.Failures, message => message.StartsWith(expected, StringComparison.Ordinal));
    }
}
