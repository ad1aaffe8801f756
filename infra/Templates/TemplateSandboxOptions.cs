namespace PromoServerless.Infra.Templates;

/// <summary>
/// The limits every template runs under. A brand writes the template and members supply names, so
/// neither may make a render loop for long, allocate without bound or reach the file system.
/// </summary>
public sealed record TemplateSandboxOptions
{
    /// <summary>Loop iterations one render may run in total (Fluid's MaxSteps).</summary>
    public int MaxSteps { get; init; } = 10_000;

    /// <summary>Items a range such as <c>(1..n)</c> may produce; larger ranges stop the render before they are built.</summary>
    public int MaxRangeSize { get; init; } = 1_000;

    /// <summary>Fluid's recursion bound.</summary>
    public int MaxRecursion { get; init; } = 20;

    /// <summary>Characters one rendered part (subject, HTML or text) may have; also caps assigned and captured strings.</summary>
    public int MaxOutputChars { get; init; } = 256 * 1024;

    /// <summary>How deeply block tags (if, for, case ...) may nest; the parser is recursive.</summary>
    public int MaxNesting { get; init; } = 40;

    /// <summary>Wall-clock time one part may take to render.</summary>
    public TimeSpan MaxRenderTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Parsed templates kept in memory; the cache is emptied when it is full.</summary>
    public int CacheCapacity { get; init; } = 512;
}
