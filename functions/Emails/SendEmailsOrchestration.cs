using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Automation;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// <c>SendEmails</c> (instance id = the send id): plans the recipients, sleeps on a durable timer until
/// <c>sendAt</c>, then sends the chunks in waves of a few activities at a time. Before each wave it asks the
/// rate log how many emails may go now and hands that budget out to the wave's chunks; when the budget is
/// spent it sleeps on a durable timer until the oldest counted wave leaves its window. A chunk whose activity
/// fails is tried again in a later wave after a growing durable delay; its last try records SMTP trouble as
/// the recipient's failure. The recipient rows, not this orchestrator, guard against sending twice.
/// </summary>
public static class SendEmailsOrchestration
{
    [Function(EmailOrchestrationNames.SendEmails)]
    public static Task<EmailSendCounts> SendEmails([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<EmailSendRef>() ?? throw new InvalidOperationException("SendEmails needs an EmailSendRef."));

    /// <summary>
    /// The orchestration's steps, on the given context: <see cref="SendEmails"/> runs them as its own instance, and
    /// another orchestrator may await them inline (its history then holds the send's steps) where a
    /// sub-orchestration is not available.
    /// </summary>
    public static async Task<EmailSendCounts> RunAsync(TaskOrchestrationContext context, EmailSendRef send)
    {
        var plan = await context.PlanEmailSendAsync(send);
        if (plan.SendAt is { } sendAt)
        {
            context.SetCustomStatus(new SendEmailsStatus("scheduled", plan.Chunks, sendAt));
            if (!await ScheduleGate.WaitAsync(context, sendAt)
                || !await context.BeginScheduledEmailSendAsync(send))
            {
                context.SetCustomStatus(new SendEmailsStatus("cancelled", plan.Chunks));
                return await context.CompleteEmailSendAsync(send);
            }
        }

        var pending = Enumerable.Range(0, plan.Chunks).ToList();
        var attempts = new Dictionary<int, int>();
        var rates = SendRateLog.For(plan.Rates);
        while (pending.Count > 0)
        {
            var allowed = rates.AllowedAt(DurableTimers.Now(context));
            if (allowed <= 0)
            {
                var until = rates.NextAllowedAt(DurableTimers.Now(context));
                context.SetCustomStatus(new SendEmailsStatus("waiting for the send rate", pending.Count, until));
                await DurableTimers.SleepUntilAsync(context, until);
                continue;
            }

            context.SetCustomStatus(new SendEmailsStatus("sending", pending.Count));
            var wave = new List<(EmailChunkOrder Order, Task<EmailChunkResult?> Result)>();
            foreach (var chunk in pending.Take(plan.ChunksPerWave))
            {
                if (allowed <= 0)
                {
                    break;
                }

                var limit = Math.Min(allowed, EmailSend.ChunkSize);
                allowed -= limit;
                var attempt = attempts.GetValueOrDefault(chunk) + 1;
                var order = new EmailChunkOrder(send.BrandId, send.SendId, chunk, limit, attempt, attempt >= plan.MaxAttempts);
                wave.Add((order, TrySendAsync(context, order)));
            }

            await Task.WhenAll(wave.Select(w => w.Result));

            var handed = 0;
            var progressed = false;
            var worstAttempt = 0;
            foreach (var (order, task) in wave)
            {
                if (task.Result is not { } result)
                {
                    if (order.Attempt > plan.MaxAttempts)
                    {
                        throw new InvalidOperationException($"Chunk {order.Chunk} of email send {send.SendId} failed {order.Attempt} times.");
                    }

                    // What a failed try handed to SMTP is unknown: count all it was allowed.
                    handed += order.Limit;
                    attempts[order.Chunk] = order.Attempt;
                    worstAttempt = Math.Max(worstAttempt, order.Attempt);
                    continue;
                }

                handed += result.Handed;
                progressed |= result.Handed > 0 || result.Done;
                if (result.Done)
                {
                    pending.Remove(order.Chunk);
                }
            }

            rates = rates.Record(DurableTimers.Now(context), handed);
            if (worstAttempt > 0)
            {
                await context.CreateTimer(context.CurrentUtcDateTime + (plan.RetryDelay * Math.Pow(2, worstAttempt - 1)), CancellationToken.None);
            }
            else if (!progressed)
            {
                // Every recipient left is held by another try of its chunk (a claim that runs out): look again shortly.
                await context.CreateTimer(context.CurrentUtcDateTime + plan.RetryDelay, CancellationToken.None);
            }
        }

        context.SetCustomStatus(new SendEmailsStatus("completed", 0));
        return await context.CompleteEmailSendAsync(send);
    }

    private static async Task<EmailChunkResult?> TrySendAsync(TaskOrchestrationContext context, EmailChunkOrder order)
    {
        try
        {
            return await context.SendEmailChunkAsync(order);
        }
        catch (TaskFailedException failure)
        {
            context.CreateReplaySafeLogger(nameof(SendEmailsOrchestration)).LogWarning(
                "Chunk {Chunk} of email send {SendId} failed on try {Attempt}: {Failure}", order.Chunk, order.SendId, order.Attempt, failure.FailureDetails.ErrorMessage);
            return null;
        }
    }
}
