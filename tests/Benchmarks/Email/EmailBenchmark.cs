using System.Diagnostics;
using System.Globalization;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Templates;
using PromoServerless.TestStack;

namespace PromoServerless.Benchmarks.Email;

/// <summary>
/// Email throughput: default-template renders per second on one thread, and messages accepted per
/// second by a local MailDev over one reused SMTP connection, and one whole send through the app's
/// <c>SendEmails</c> orchestration (<see cref="EmailSendPipelineBenchmark"/>), held to 0.8 of that SMTP rate
/// with its 202 within 300 ms. <c>--smoke</c> runs a few of each.
/// </summary>
public static class EmailBenchmark
{
    private const int RenderTargetPerSecond = 20_000;
    private const double PipelineTargetShareOfSmtp = 0.8;
    private static readonly TimeSpan AcceptedTarget = TimeSpan.FromMilliseconds(300);

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = args.Contains("--smoke", StringComparer.Ordinal);
        var renders = smoke ? 2_000 : 200_000;
        var emails = smoke ? 20 : 500;

        var renderRate = await MeasureRenderingAsync(renders);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"email.render: {renderRate:N0} renders/s on one thread ({renders:N0} renders of the default template; target {RenderTargetPerSecond:N0}/s: {(renderRate >= RenderTargetPerSecond ? "met" : "NOT met")})"));

        // MailDev's own pace varies from run to run on a small machine, and with it the machine's: the one-connection rate
        // is measured on the pipeline's own MailDev right before and right after the measured send, and averaged.
        var pipelineEmails = smoke ? 50 : 1_000;
        var connections = new SmtpOptions().MaxConnections;
        var pipeline = await EmailSendPipelineBenchmark.MeasureAsync(pipelineEmails, connections, mailDev => MeasureSendingAsync(mailDev, emails));
        var sendRate = pipeline.SmtpRates.Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"email.smtp: {sendRate:N0} emails/s accepted by MailDev ({emails} emails, one connection, sequential; mean of {string.Join(" before and ", pipeline.SmtpRates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} after the measured send, on its MailDev)"));

        var share = pipeline.EmailsPerSecond / sendRate;
        var rateMet = share >= PipelineTargetShareOfSmtp;
        var acceptedMet = pipeline.Accepted <= AcceptedTarget;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"email.pipeline: {pipeline.EmailsPerSecond:N0} emails/s from POST to completed ({pipelineEmails:N0} recipients through the SendEmails orchestration, one app instance, {connections} SMTP connections, MailDev): {share:P0} of the one-connection SMTP rate (target {PipelineTargetShareOfSmtp:P0}: {(rateMet ? "met" : "NOT met")})"));
        Console.WriteLine(Phases("email.pipeline.phases", pipeline));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"email.accepted: 202 after {pipeline.Accepted.TotalMilliseconds:N0} ms for {pipelineEmails:N0} recipients (target {AcceptedTarget.TotalMilliseconds:N0} ms: {(acceptedMet ? "met" : "NOT met")})"));

        // The same send held to one connection shows what the extra connections buy.
        var single = await EmailSendPipelineBenchmark.MeasureAsync(pipelineEmails, smtpConnections: 1, smtpRate: null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"email.pipeline.one-connection: {single.EmailsPerSecond:N0} emails/s ({single.EmailsPerSecond / sendRate:P0} of the SMTP rate; for comparison, no target)"));

        Console.WriteLine(Phases("email.pipeline.one-connection.phases", single));
        if (smoke)
        {
            return 0;
        }

        return renderRate >= RenderTargetPerSecond && rateMet && acceptedMet ? 0 : 1;
    }

    private static string Phases(string name, PipelineRun run) => string.Create(CultureInfo.InvariantCulture,
        $"{name}: after the POST, SMTP accepted the first email at {run.Timeline.Accepted.First.TotalMilliseconds:N0} ms and the last at {run.Timeline.Accepted.Last.TotalMilliseconds:N0} ms; first emails counted at {run.Timeline.FirstSent.TotalMilliseconds:N0} ms, all at {run.Timeline.AllDone.TotalMilliseconds:N0} ms, completed at {run.Timeline.Completed.TotalMilliseconds:N0} ms; processor seconds meanwhile: app {run.Cpu.App.TotalSeconds:N1}, Azurite {run.Cpu.Azurite.TotalSeconds:N1}, MailDev {run.Cpu.MailDev.TotalSeconds:N1}, benchmark {run.Cpu.Benchmark.TotalSeconds:N1}; the app's processor seconds in each warm-up send before: {string.Join(", ", run.WarmUpSeconds.Select(s => s.ToString("N1", CultureInfo.InvariantCulture)))}");

    private static async Task<double> MeasureRenderingAsync(int count)
    {
        var renderer = new EmailTemplateRenderer(new LiquidSandbox(new TemplateSandboxOptions()));
        var models = Enumerable.Range(0, 100).Select(Model).ToArray();

        // Warm-up: parse (cached afterwards) and JIT.
        for (var i = 0; i < Math.Min(count, 2_000); i++)
        {
            await renderer.RenderAsync(EmailTemplate.Default, models[i % models.Length]);
        }

        var watch = Stopwatch.StartNew();
        var characters = 0L;
        for (var i = 0; i < count; i++)
        {
            if (await renderer.RenderAsync(EmailTemplate.Default, models[i % models.Length]) is TemplateRenderResult.Rendered rendered)
            {
                characters += rendered.Email.HtmlBody.Length;
            }
        }

        watch.Stop();
        return characters > 0 ? count / watch.Elapsed.TotalSeconds : 0;
    }

    /// <summary>Messages per second MailDev accepts from one connection, one after another, already rendered; leaves its mailbox empty.</summary>
    internal static async Task<double> MeasureSendingAsync(MailDevServer mailDev, int count)
    {
        using var mailbox = new MailDevClient(mailDev.WebUri);
        await mailbox.DeleteAllAsync();
        var options = new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = mailDev.SmtpPort,
            SecureSocketOptions = SecureSocketOptions.None,
            FromAddress = "codes@benchmark.example.test",
            FromName = "Benchmark",
        };
        await using var sender = new SmtpEmailSender(Options.Create(options), TimeProvider.System, NullLogger<SmtpEmailSender>.Instance);
        var renderer = new EmailTemplateRenderer(new LiquidSandbox(new TemplateSandboxOptions()));
        var messages = new List<OutgoingEmail>(count);
        for (var i = 0; i < count; i++)
        {
            var model = Model(i);
            var email = ((TemplateRenderResult.Rendered)await renderer.RenderAsync(EmailTemplate.Default, model)).Email;
            messages.Add(new OutgoingEmail($"bench/{i}", model.Member.Email, model.Member.Name, email.Subject, email.HtmlBody, email.TextBody));
        }

        // The first message opens the connection; it is not part of the figure.
        await sender.SendAsync(messages[0], CancellationToken.None);
        var watch = Stopwatch.StartNew();
        foreach (var message in messages.Skip(1))
        {
            if (await sender.SendAsync(message, CancellationToken.None) is not EmailSendResult.Accepted)
            {
                throw new InvalidOperationException($"MailDev refused {message.ToAddress}.");
            }
        }

        watch.Stop();
        var stored = (await mailbox.ListAsync()).Count;
        if (stored != count)
        {
            throw new InvalidOperationException($"MailDev holds {stored} of {count} messages.");
        }

        await mailbox.DeleteAllAsync();
        return (count - 1) / watch.Elapsed.TotalSeconds;
    }

    internal static EmailTemplateModel Model(int i) => new(
        TemplateMember.FromFullName($"Member{i} Example", $"member{i}@benchmark.example.test", $"@member{i}"),
        $"MEMBER{i}10",
        "June 5, 2026",
        i % 2 == 0 ? "June 30, 2026" : null,
        new TemplateOffer("Summer Glow", "Our summer range", "10% off"),
        new TemplateBrand("Glow Co", "https://glow.example.test"));
}
