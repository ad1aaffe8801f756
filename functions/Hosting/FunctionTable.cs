using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Emails;
using PromoServerless.Infra.Queues;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// Every function the app serves: the single source for the generated function.json files, the trigger
/// endpoints and the local trigger host.
/// </summary>
public static class FunctionTable
{
    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        FunctionDefinition.Http("Api", "v1/{*route}"),
        FunctionDefinition.Http("Health", "health", "get"),
        FunctionDefinition.Http("OpenApi", "openapi/{*document}", "get"),
        FunctionDefinition.Http("Reference", "reference/{*path}", "get"),
        FunctionDefinition.Queue<PrepareCodeFunction>("PrepareCode", QueueNames.CodePrepare),
        FunctionDefinition.Queue<PushCodesFunction>("PushCodes", QueueNames.CodePush),
        FunctionDefinition.Timer<MaintainCodeBatchesFunction>("MaintainCodeBatches", "30 */1 * * * *"),
        FunctionDefinition.Queue<SendEmailFunction>("SendEmail", QueueNames.EmailSend),
        FunctionDefinition.Timer<ScheduledCampaignsFunction>("ScheduledCampaigns", "0 */1 * * * *"),
    ];

    public static IEnumerable<FunctionDefinition> Queues => All.Where(f => f.Trigger is QueueTrigger);

    public static IEnumerable<FunctionDefinition> Timers => All.Where(f => f.Trigger is TimerTrigger);
}

public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, Type? HandlerType)
{
    public static FunctionDefinition Http(string name, string route, params string[] methods) =>
        new(name, new HttpTrigger(route, methods.Length == 0 ? ["get", "post", "put", "patch", "delete"] : methods), null);

    public static FunctionDefinition Queue<THandler>(string name, string queueName)
        where THandler : IQueueFunction =>
        new(name, new QueueTrigger(queueName), typeof(THandler));

    public static FunctionDefinition Timer<THandler>(string name, string schedule)
        where THandler : ITimerFunction =>
        new(name, new TimerTrigger(schedule), typeof(THandler));
}

public abstract record FunctionTrigger;

/// <summary>An HTTP function; <see cref="Route"/> is below the host's <c>api</c> prefix.</summary>
public sealed record HttpTrigger(string Route, IReadOnlyList<string> Methods) : FunctionTrigger;

public sealed record QueueTrigger(string QueueName) : FunctionTrigger
{
    public const string BindingName = "message";
}

/// <summary>A timer on a six-field NCRONTAB schedule (with seconds), as the Functions host reads it.</summary>
public sealed record TimerTrigger(string Schedule) : FunctionTrigger
{
    public const string BindingName = "timer";
}
