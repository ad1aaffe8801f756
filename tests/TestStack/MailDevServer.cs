using System.Globalization;

namespace PromoServerless.TestStack;

/// <summary>MailDev: an SMTP server that keeps every message, readable through its web UI and REST API.</summary>
public sealed class MailDevServer : IAsyncDisposable
{
    private readonly NodeServiceProcess _process;

    private MailDevServer(NodeServiceProcess process, int smtpPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        WebPort = webPort;
    }

    public int SmtpPort { get; }

    public int WebPort { get; }

    public Uri WebUri => new($"http://127.0.0.1:{WebPort}/");

    public int ProcessId => _process.ProcessId;

    public static async Task<MailDevServer> StartAsync(int? smtpPort = null, int? webPort = null)
    {
        var (smtp, web) = (smtpPort ?? FreePort.Next(), webPort ?? FreePort.Next());
        var process = await NodeServiceProcess.StartAsync(
            "maildev",
            [
                "--ip", "127.0.0.1", "--web-ip", "127.0.0.1",
                "--smtp", smtp.ToString(CultureInfo.InvariantCulture),
                "--web", web.ToString(CultureInfo.InvariantCulture),
                "--silent",
            ],
            [smtp, web]);
        return new MailDevServer(process, smtp, web);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
