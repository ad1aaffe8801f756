using MailKit.Security;

namespace PromoServerless.Infra.Email;

/// <summary>
/// SMTP settings, section <c>Email:Smtp</c>. In Azure: Azure Communication Services
/// (<c>smtp.azurecomm.net</c>, port 587, StartTls, an Entra app's credentials); locally and in tests: MailDev
/// (loopback, SecureSocketOptions None, no credentials).
/// </summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Email:Smtp";

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 587;

    public SecureSocketOptions SecureSocketOptions { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>Optional; when set, <see cref="Password"/> is required too.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The envelope and From address; with ACS, an address of a domain connected to the resource.</summary>
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>The From display name used when a message names no sender (normally the brand's name is used).</summary>
    public string? FromName { get; set; }

    /// <summary>How long one SMTP read or write may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages per minute this app instance sends at most (ACS's default quota for a custom domain is 30).</summary>
    public int MaxPerMinute { get; set; } = 30;

    /// <summary>Messages per hour this app instance sends at most (ACS's default quota for a custom domain is 100).</summary>
    public int MaxPerHour { get; set; } = 100;

    /// <summary>
    /// SMTP connections this app instance keeps open at most; messages go out on them side by side (each carries
    /// one at a time). Servers cap connections per client (Azure Communication Services and most relays accept a
    /// few), so keep it small.
    /// </summary>
    public int MaxConnections { get; set; } = 3;

    /// <summary>A connection idle longer than this is checked with NOOP before it is reused: servers drop idle clients.</summary>
    public TimeSpan IdleCheckAfter { get; set; } = TimeSpan.FromSeconds(20);
}
