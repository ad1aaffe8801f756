using System.Diagnostics;
using System.Globalization;
using PromoServerless.Benchmarks.Email;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Templates;
using Scriban;
using Scriban.Runtime;

namespace PromoServerless.Benchmarks.Templates;

/// <summary>
/// The default email template rendered side by side, in one run, by the product's renderer (Fluid, sandboxed,
/// HTML-encoding) and by Scriban.Signed in Liquid mode: renders per second and bytes allocated per render on
/// one thread, and what each engine does with markup in a member's name (user input).
/// </summary>
public static class TemplateEngineBenchmark
{
    private const string HostileName = "<script>alert(1)</script> Eve";
    private const int Rounds = 5;

    public static async Task<int> RunAsync(bool smoke)
    {
        var renders = smoke ? 2_000 : 200_000;
        var models = Enumerable.Range(0, 100).Select(EmailBenchmark.Model).ToArray();

        // Both sides render the whole email (subject, HTML body, text body) and return the HTML body.
        var fluid = new EmailTemplateRenderer(new LiquidSandbox(new TemplateSandboxOptions()));
        async ValueTask<string> RenderFluid(EmailTemplateModel model) =>
            ((TemplateRenderResult.Rendered)await fluid.RenderAsync(EmailTemplate.Default, model)).Email.HtmlBody;

        var template = EmailTemplate.Default;
        var parts = new[] { template.Subject, template.HtmlBody, template.TextBody }.Select(text => Template.ParseLiquid(text)).ToArray();
        if (parts.FirstOrDefault(p => p.HasErrors) is { } broken)
        {
            Console.WriteLine("scriban: the default template does not parse in Liquid mode: " + string.Join("; ", broken.Messages));
            return 1;
        }

        ValueTask<string> RenderScriban(EmailTemplateModel model)
        {
            var globals = new ScriptObject();
            globals.Import(model, renamer: StandardMemberRenamer.Default);
            var rendered = parts.Select(part =>
            {
                var context = new LiquidTemplateContext { MemberRenamer = StandardMemberRenamer.Default };
                context.PushGlobal(globals);
                return part.Render(context);
            }).ToArray();
            return ValueTask.FromResult(rendered[1]);
        }

        // Rounds alternate between the engines and each engine's median round counts, so a busy moment on the
        // machine does not land on one side only.
        var fluidRounds = new List<Result>();
        var scribanRounds = new List<Result>();
        for (var round = 0; round < Rounds; round++)
        {
            fluidRounds.Add(await MeasureAsync("fluid (product)", renders / Rounds, models, RenderFluid));
            scribanRounds.Add(await MeasureAsync("scriban.signed 7.5.3 liquid", renders / Rounds, models, RenderScriban));
        }

        var fluidResult = Median(fluidRounds);
        var scribanResult = Median(scribanRounds);

        var hostile = EmailBenchmark.Model(0) with { Member = TemplateMember.FromFullName(HostileName, "eve@benchmark.example.test") };
        var fluidHostile = await RenderFluid(hostile);
        var scribanHostile = await RenderScriban(hostile);
        var fluidEncodes = !fluidHostile.Contains("<script>", StringComparison.Ordinal);
        var scribanEncodes = !scribanHostile.Contains("<script>", StringComparison.Ordinal);

        Console.WriteLine();
        Console.WriteLine("==== template engines: the default email template (subject, HTML and text bodies) " + new string('=', 10));
        foreach (var result in new[] { fluidResult, scribanResult })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Name,-30}{result.PerSecond,12:N0} renders/s {result.BytesPerRender,10:N0} B allocated/render"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio fluid / scriban renders/s: {fluidResult.PerSecond / scribanResult.PerSecond:0.00}"));
        Console.WriteLine($"member name \"{HostileName}\": fluid {(fluidEncodes ? "HTML-encodes it" : "emits it raw")}, scriban {(scribanEncodes ? "HTML-encodes it" : "emits it raw")}");
        Console.WriteLine(new string('=', 90));
        return fluidEncodes ? 0 : 1;
    }

    private static async Task<Result> MeasureAsync(string name, int renders, EmailTemplateModel[] models, Func<EmailTemplateModel, ValueTask<string>> render)
    {
        for (var i = 0; i < Math.Min(renders, 2_000); i++)
        {
            await render(models[i % models.Length]);
        }

        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var characters = 0L;
        for (var i = 0; i < renders; i++)
        {
            characters += (await render(models[i % models.Length])).Length;
        }

        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (characters == 0)
        {
            throw new InvalidOperationException($"{name} rendered nothing.");
        }

        return new Result(name, renders / watch.Elapsed.TotalSeconds, (double)allocated / renders);
    }

    private static Result Median(List<Result> rounds) => rounds.OrderBy(r => r.PerSecond).ElementAt(rounds.Count / 2);

    private sealed record Result(string Name, double PerSecond, double BytesPerRender);
}
