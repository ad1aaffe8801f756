using Microsoft.DurableTask;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Emails;

/// <summary>The email-send activities as typed calls, each with its retry policy.</summary>
public static class EmailSendCalls
{
    public static Task<EmailSendPlan> PlanEmailSendAsync(this TaskOrchestrationContext context, EmailSendRef send) =>
        context.CallActivityAsync<EmailSendPlan>(EmailActivityNames.PlanEmailSend, send, ActivityRetries.Transient);

    /// <summary>Not retried by Durable: <c>SendEmails</c> tries a failed chunk again in a later wave and marks its last try.</summary>
    public static Task<EmailChunkResult> SendEmailChunkAsync(this TaskOrchestrationContext context, EmailChunkOrder order) =>
        context.CallActivityAsync<EmailChunkResult>(EmailActivityNames.SendEmailChunk, order, ActivityRetries.OrchestrationRetries);

    public static Task<EmailSendCounts> CompleteEmailSendAsync(this TaskOrchestrationContext context, EmailSendRef send) =>
        context.CallActivityAsync<EmailSendCounts>(EmailActivityNames.CompleteEmailSend, send, ActivityRetries.Transient);

    /// <summary>The send id of the batch's email send, or null when there is no one to email.</summary>
    public static Task<string?> CreateBatchEmailSendAsync(this TaskOrchestrationContext context, BatchEmailRequest request) =>
        context.CallActivityAsync<string?>(EmailOrchestrationNames.CreateBatchEmailSend, request, ActivityRetries.Transient);
}
