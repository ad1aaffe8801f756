using Microsoft.DurableTask;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Emails;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Automation;

/// <summary>The scheduled-start and stage-trigger activities as typed calls, each with its retry policy.</summary>
public static class AutomationCalls
{
    /// <summary>True when the scheduled batch now runs, false when it was cancelled.</summary>
    public static Task<bool> BeginScheduledCodeBatchAsync(this TaskOrchestrationContext context, CodeBatchRef batch) =>
        context.CallActivityAsync<bool>(ScheduledStartNames.BeginScheduledCodeBatch, batch, ActivityRetries.Transient);

    /// <summary>True when the scheduled send now goes out, false when it was cancelled.</summary>
    public static Task<bool> BeginScheduledEmailSendAsync(this TaskOrchestrationContext context, EmailSendRef send) =>
        context.CallActivityAsync<bool>(ScheduledStartNames.BeginScheduledEmailSend, send, ActivityRetries.Transient);

    /// <summary>The batch the window's members were taken into, or null when none was waiting.</summary>
    public static Task<string?> CloseStageTriggerWindowAsync(this TaskOrchestrationContext context, StageWindowRef window) =>
        context.CallActivityAsync<string?>(StageTriggerNames.CloseStageTriggerWindow, window, ActivityRetries.Transient);
}
