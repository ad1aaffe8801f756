using Microsoft.Extensions.Options;
using MimeKit;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Infra.Email;

/// <summary>Checks <see cref="SmtpOptions"/> at start-up; each failure names the setting as it is configured.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    private const string Prefix = SmtpOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add($"{Prefix}{nameof(options.Host)} is required (smtp.azurecomm.net in Azure, 127.0.0.1 for MailDev).");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{Prefix}{nameof(options.Port)} must be between 1 and 65535.");
        }

        if (!Enum.IsDefined(options.SecureSocketOptions))
        {
            failures.Add($"{Prefix}{nameof(options.SecureSocketOptions)} must be None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable.");
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress))
        {
            failures.Add($"{Prefix}{nameof(options.FromAddress)} is required.");
        }
        else if (!EmailAddress.IsValid(options.FromAddress) || !MailboxAddress.TryParse(options.FromAddress, out _))
        {
            failures.Add($"{Prefix}{nameof(options.FromAddress)} '{options.FromAddress}' is not a valid email address.");
        }

        if (options.FromName is not null && !HeaderValue.IsSafe(options.FromName))
        {
            failures.Add($"{Prefix}{nameof(options.FromName)} cannot contain line breaks or control characters.");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add($"{Prefix}{nameof(options.UserName)} and {Prefix}{nameof(options.Password)} are set together or not at all.");
        }

        if (options.MaxConnections is < 1 or > 20)
        {
            failures.Add($"{Prefix}{nameof(options.MaxConnections)} must be between 1 and 20.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}{nameof(options.Timeout)} must be more than zero and at most 5 minutes.");
        }

        if (options.MaxPerMinute < 1)
        {
            failures.Add($"{Prefix}{nameof(options.MaxPerMinute)} must be at least 1.");
        }

        if (options.MaxPerHour < options.MaxPerMinute)
        {
            failures.Add($"{Prefix}{nameof(options.MaxPerHour)} must be at least {Prefix}{nameof(options.MaxPerMinute)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
