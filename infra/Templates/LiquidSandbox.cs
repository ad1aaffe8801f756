using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Parser;
using Fluid.Values;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Infra.Templates;

/// <summary>
/// The one place templates are parsed and run: Fluid configured without file access, without the
/// <c>raw</c> filter (so member data in HTML is always encoded), with loop, range, recursion, size and
/// time limits, and with parsed parts cached by their text. Thread-safe; register as a singleton.
/// </summary>
public sealed class LiquidSandbox
{
    private const string WriterKey = "promo.writer";

    private static readonly TextEncoder HtmlEncoding = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly SandboxedLiquidParser _parser;
    private readonly ConcurrentDictionary<(TemplatePart Part, string Source), CachedPart> _cache = new();

    public LiquidSandbox(TemplateSandboxOptions limits)
    {
        Limits = limits;
        _parser = new SandboxedLiquidParser(limits);
        Options = CreateOptions(limits);
    }

    public TemplateSandboxOptions Limits { get; }

    internal TemplateOptions Options { get; }

    internal int CachedParts => _cache.Count;

    internal LiquidParseResult Parse(string source, TemplatePart part) => _parser.Parse(source, part);

    /// <summary>Renders one part; HTML-encodes values in the HTML body and nowhere else.</summary>
    internal async ValueTask<PartRender> RenderAsync(string source, TemplatePart part, EmailTemplateModel model)
    {
        var cached = GetOrParse(source, part);
        if (cached.Template is null)
        {
            return new PartRender(null, cached.Problem);
        }

        var writer = new LimitedTextWriter(Limits.MaxOutputChars, Limits.MaxRenderTime);
        var context = new TemplateContext(model, Options, allowModelMembers: true);
        context.AmbientValues[WriterKey] = writer;
        var encoder = part == TemplatePart.HtmlBody ? HtmlEncoding : NullEncoder.Default;
        try
        {
            var rendering = cached.Template.RenderAsync(writer, encoder, context);
            if (!rendering.IsCompletedSuccessfully)
            {
                await rendering;
            }

            return new PartRender(writer.ToString(), null);
        }
        catch (TemplateLimitExceededException limit)
        {
            return new PartRender(null, limit.Message);
        }
        catch (InvalidOperationException) when (context.MaxSteps > 0)
        {
            // Fluid reports an exhausted step budget as "maximum level of recursion".
            return new PartRender(null, $"The template ran more than {Limits.MaxSteps} loop steps or nested too deeply.");
        }
        catch (Exception failure)
        {
            return new PartRender(null, "The template failed to render: " + failure.Message);
        }
    }

    private CachedPart GetOrParse(string source, TemplatePart part)
    {
        if (_cache.TryGetValue((part, source), out var cached))
        {
            return cached;
        }

        if (_cache.Count >= Limits.CacheCapacity)
        {
            // Rare (a send uses one template); emptying is simpler than tracking recency and costs one parse per template.
            _cache.Clear();
        }

        var parsed = _parser.Parse(source, part);
        cached = parsed.Document is { } document
            ? new CachedPart(new FluidTemplate(new BoundedRangeRewriter(Limits.MaxRangeSize).Rewrite(document.Statements)), null)
            : new CachedPart(null, parsed.Issue!.ToString());
        return _cache.GetOrAdd((part, source), cached);
    }

    private static TemplateOptions CreateOptions(TemplateSandboxOptions limits)
    {
        var options = new TemplateOptions
        {
            MaxSteps = limits.MaxSteps,
            MaxRecursion = limits.MaxRecursion,
            MemberAccessStrategy = new DefaultMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase },
            TimeZone = TimeZoneInfo.Utc,
            Now = static () => DateTimeOffset.UtcNow,
        };

        // The file provider is already Fluid's null provider; include and render are also removed from the parser.
        options.Filters.Remove("raw");
        options.MemberAccessStrategy.Register<EmailTemplateModel>();
        options.MemberAccessStrategy.Register<TemplateMember>();
        options.MemberAccessStrategy.Register<TemplateOffer>();
        options.MemberAccessStrategy.Register<TemplateBrand>();
        options.Assigned = (_, value, context) => Bounded(value, context, limits);
        options.Captured = (_, value, context) => Bounded(value, context, limits);
        return options;
    }

    /// <summary>Assign and capture build strings without writing them, so their size and time are checked here.</summary>
    private static ValueTask<FluidValue> Bounded(FluidValue value, TemplateContext context, TemplateSandboxOptions limits)
    {
        if (value is StringValue && value.ToStringValue().Length > limits.MaxOutputChars)
        {
            throw new TemplateLimitExceededException($"A variable may hold at most {limits.MaxOutputChars} characters.");
        }

        if (context.AmbientValues.TryGetValue(WriterKey, out var writer) && writer is LimitedTextWriter limited)
        {
            limited.CheckTime();
        }

        return new ValueTask<FluidValue>(value);
    }

    private sealed record CachedPart(IFluidTemplate? Template, string? Problem);
}

/// <summary>One part's output, or why it could not be produced.</summary>
internal sealed record PartRender(string? Text, string? Problem);
