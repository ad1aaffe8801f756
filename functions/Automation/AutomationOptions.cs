using System.ComponentModel.DataAnnotations;

namespace PromoServerless.Functions.Automation;

/// <summary>Section <c>Automation</c>: how stage triggers group members into generations.</summary>
public sealed class AutomationOptions
{
    public const string SectionName = "Automation";

    /// <summary>
    /// How long a trigger's window collects members after the first one enters the stage; everyone entering in that
    /// time gets their code from one generation.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StageTriggerWindow { get; set; } = TimeSpan.FromSeconds(5);
}
