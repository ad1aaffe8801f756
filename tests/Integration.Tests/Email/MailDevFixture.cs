using System.Globalization;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromoServerless.Infra.Email;
using PromoServerless.Integration.Tests.Email;
using PromoServerless.TestStack;

[assembly: AssemblyFixture(typeof(MailDevFixture))]

namespace PromoServerless.Integration.Tests.Email;

/// <summary>
/// One MailDev for the whole test assembly. Tests never clear it: each sends to addresses of its own
/// and reads back only those. A second MailDev that refuses messages over a small size starts on first use.
/// </summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    public const int RejectingMaxMessageBytes = 2_000;

    private readonly SemaphoreSlim _rejectingGate = new(1, 1);
    private MailDevServer? _server;
    private NodeServiceProcess? _rejecting;
    private int _rejectingSmtpPort;

    public MailDevServer Server => _server ?? throw new InvalidOperationException("MailDev has not started.");

    public MailDevClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await Fixtures.SharedServices.MailDev;
        Client = new MailDevClient(_server.WebUri);
    }

    public static SmtpOptions OptionsFor(int smtpPort) => new()
    {
        Host = "127.0.0.1",
        Port = smtpPort,
        SecureSocketOptions = SecureSocketOptions.None,
        FromAddress = "codes@glow.example.test",
        FromName = "Glow Co",
        Timeout = TimeSpan.FromSeconds(10),
    };

    public SmtpEmailSender CreateSender(int? smtpPort = null, int maxConnections = 1)
    {
        var options = OptionsFor(smtpPort ?? Server.SmtpPort);
        options.MaxConnections = maxConnections;
        return new(Options.Create(options), TimeProvider.System, NullLogger<SmtpEmailSender>.Instance);
    }

    /// <summary>The SMTP port of a MailDev that answers 552 to any message over <see cref="RejectingMaxMessageBytes"/>.</summary>
    public async Task<int> RejectingSmtpPortAsync()
    {
        await _rejectingGate.WaitAsync();
        try
        {
            if (_rejecting is null)
            {
                var (smtp, web) = (FreePort.Next(), FreePort.Next());
                _rejecting = await NodeServiceProcess.StartAsync(
                    "maildev",
                    [
                        "--ip", "127.0.0.1", "--web-ip", "127.0.0.1",
                        "--smtp", smtp.ToString(CultureInfo.InvariantCulture),
                        "--web", web.ToString(CultureInfo.InvariantCulture),
                        "--max-message-size", RejectingMaxMessageBytes.ToString(CultureInfo.InvariantCulture),
                        "--silent",
                    ],
                    [smtp, web]);
                _rejectingSmtpPort = smtp;
            }

            return _rejectingSmtpPort;
        }
        finally
        {
            _rejectingGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_rejecting is not null)
        {
            await _rejecting.DisposeAsync();
        }

        _rejectingGate.Dispose();
    }
}
