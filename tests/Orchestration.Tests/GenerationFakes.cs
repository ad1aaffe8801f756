using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Emails;
using static PromoServerless.Functions.Codes.GenerateCodesNames;

namespace PromoServerless.Orchestration.Tests;

/// <summary>
/// Stand-ins for the generation's activities, registered under their real names around the real orchestrators, so
/// a test says what each activity answers and reads back what the orchestrator asked for.
/// </summary>
public sealed class GenerationFakes
{
    public const string DiscountId = "gid://shopify/DiscountCodeNode/1";

    public const string SendId = "send-1";

    public int Chunks { get; init; } = 3;

    public int ChunksPerSlice { get; init; } = CodeBatchPlan.DefaultChunksPerSlice;

    /// <summary>Members with a code to reserve, as planning reports it.</summary>
    public int Planned { get; init; } = 3 * CodeBatch.ChunkSize;

    /// <summary>Chunks whose every code is taken: reservation leaves nothing to push.</summary>
    public IReadOnlySet<int> AllTaken { get; init; } = new HashSet<int>();

    public bool SendEmails { get; init; }

    /// <summary>How many times starting a chunk's push throws before it succeeds.</summary>
    public IReadOnlyDictionary<int, int> PushFailures { get; init; } = new Dictionary<int, int>();

    /// <summary>How many checks of a bulk job find it done (1: the first).</summary>
    public int ChecksUntilDone { get; init; } = 1;

    /// <summary>Chunks whose first start loses Shopify's answer: the round has no job id to poll.</summary>
    public IReadOnlySet<int> LostStarts { get; init; } = new HashSet<int>();

    /// <summary>Chunks whose first round leaves codes open (a collision moved to its next code), so a second round runs.</summary>
    public IReadOnlySet<int> OpenAfterFirstRound { get; init; } = new HashSet<int>();

    /// <summary>Runs before a chunk's reservation answers (a test can hold it back).</summary>
    public Func<int, Task> BeforeReserved { get; init; } = _ => Task.CompletedTask;

    public ConcurrentQueue<CodeChunkRef> Reserved { get; } = new();

    public ConcurrentQueue<CodeChunkRef> DiscountRequests { get; } = new();

    /// <summary>Every start of a chunk's first push round, failed tries included.</summary>
    public ConcurrentQueue<PushCodesRequest> Pushes { get; } = new();

    public ConcurrentQueue<CodePushRound> Starts { get; } = new();

    public ConcurrentQueue<(CodePushJobRef Job, DateTimeOffset At)> Checks { get; } = new();

    public ConcurrentQueue<(CodePushRound Round, DateTimeOffset At)> Settles { get; } = new();

    public ConcurrentQueue<CompleteCodeBatchRequest> Completions { get; } = new();

    public ConcurrentQueue<BatchEmailRequest> EmailRequests { get; } = new();

    public ConcurrentQueue<string> EmailInstances { get; } = new();

    public ConcurrentQueue<string> SliceInstances { get; } = new();

    /// <summary>The most chunks seen between the start of their reservation and their push.</summary>
    public int MostInFlight => _mostInFlight;

    private int _inFlight;

    private int _mostInFlight;

    public TaskCompletionSource<int> FirstPush { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly ConcurrentDictionary<int, int> _pushAttempts = new();

    private readonly ConcurrentDictionary<int, int> _created = new();

    private readonly ConcurrentDictionary<string, int> _checks = new();

    public static string JobId(CodePushRound round) => $"job-{round.Push.Chunk}-{round.Round}";

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public Task<DurableTaskTestHost> StartHostAsync() => DurableTaskTestHost.StartAsync(Register);

    public void Register(DurableTaskRegistry tasks)
    {
        tasks.AddOrchestratorFunc<CodeBatchRef, CodeBatchOutcome>(GenerateCodes, GenerateCodesOrchestration.RunAsync);
        tasks.AddOrchestratorFunc<CodeSlice>(GenerateCodeSlice, (context, slice) =>
        {
            if (!context.IsReplaying)
            {
                SliceInstances.Enqueue(context.InstanceId);
            }

            return GenerateCodesOrchestration.RunSliceAsync(context, slice);
        });
        tasks.AddActivityFunc<CodeBatchRef, CodeBatchPlan>(PlanCodeBatch, (_, _) => new CodeBatchPlan(Chunks, Planned, ChunksPerSlice));
        tasks.AddActivityFunc<CodeChunkRef, ChunkReservation>(ReserveCodes, async (_, chunk) =>
        {
            var inFlight = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _mostInFlight, inFlight);
            await BeforeReserved(chunk.Chunk);
            Reserved.Enqueue(chunk);
            if (AllTaken.Contains(chunk.Chunk))
            {
                Interlocked.Decrement(ref _inFlight);
                return new ChunkReservation(chunk.Chunk, 0);
            }

            return new ChunkReservation(chunk.Chunk, CodeBatch.ChunkSize);
        });
        tasks.AddActivityFunc<CodeChunkRef, BatchDiscountResult>(CreateBatchDiscount, (_, chunk) =>
        {
            DiscountRequests.Enqueue(chunk);
            return new BatchDiscountResult(DiscountId);
        });
        tasks.AddActivityFunc<CodePushRound, CodePushStep>(StartCodePush, (_, round) =>
        {
            Starts.Enqueue(round);
            if (round.Round == 0)
            {
                Pushes.Enqueue(round.Push);
                FirstPush.TrySetResult(round.Push.Chunk);
                if (_pushAttempts.AddOrUpdate(round.Push.Chunk, 1, (_, n) => n + 1) <= PushFailures.GetValueOrDefault(round.Push.Chunk))
                {
                    throw new InvalidOperationException("Shopify answered 503.");
                }
            }

            return new CodePushStep(null, round.Round == 0 && LostStarts.Contains(round.Push.Chunk) ? null : JobId(round));
        });
        tasks.AddActivityFunc<CodePushJobRef, bool>(CheckCodePush, (_, job) =>
        {
            Checks.Enqueue((job, DateTimeOffset.UtcNow));
            return _checks.AddOrUpdate(job.BulkCreationId, 1, (_, n) => n + 1) >= ChecksUntilDone;
        });
        tasks.AddActivityFunc<CodePushRound, CodePushStep>(SettleCodePush, (_, round) =>
        {
            Settles.Enqueue((round, DateTimeOffset.UtcNow));
            if (round.Round == 0 && OpenAfterFirstRound.Contains(round.Push.Chunk))
            {
                return new CodePushStep(null);
            }

            Interlocked.Decrement(ref _inFlight);
            _created[round.Push.Chunk] = CodeBatch.ChunkSize;
            return new CodePushStep(new ChunkOutcome(round.Push.Chunk, CodeBatch.ChunkSize, 0));
        });
        tasks.AddActivityFunc<CompleteCodeBatchRequest, CodeBatchOutcome>(CompleteCodeBatch, (_, request) =>
        {
            Completions.Enqueue(request);
            var created = _created.Values.Sum();
            var status = request.FailureReason is not null || created == 0 ? CodeBatchStatus.Failed : CodeBatchStatus.Completed;
            return new CodeBatchOutcome(status, created, 0, SendEmails);
        });
        tasks.AddActivityFunc<BatchEmailRequest, string?>(EmailOrchestrationNames.CreateBatchEmailSend, (_, request) =>
        {
            EmailRequests.Enqueue(request);
            return SendId;
        });
        tasks.AddOrchestratorFunc<EmailSendRef>(EmailOrchestrationNames.SendEmails, (context, _) =>
        {
            EmailInstances.Enqueue(context.InstanceId);
            return Task.CompletedTask;
        });
    }
}
