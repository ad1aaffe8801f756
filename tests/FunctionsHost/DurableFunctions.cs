using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace PromoServerless.FunctionsHost;

/// <summary>An orchestrator function registered with the Durable Task worker under its function name.</summary>
internal sealed class FunctionOrchestrator(FunctionInvoker function) : ITaskOrchestrator
{
    // The raw input is kept as JSON: the function reads it with GetInput<T>() for the T it expects.
    public Type InputType => typeof(JsonElement?);

    public Type OutputType => function.ResultType ?? typeof(object);

    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var withInput = new InputContext(context, input as JsonElement?);
        return function.InvokeAsync(EmptyServices.Instance, p => p.IsDefined(typeof(OrchestrationTriggerAttribute), false) ? (true, withInput) : (false, null));
    }

    /// <summary>Hands the orchestrator its input as the type it asks for; everything else is the engine's context.</summary>
    private sealed class InputContext(TaskOrchestrationContext inner, JsonElement? input) : TaskOrchestrationContext
    {
        public override TaskName Name => inner.Name;

        public override string InstanceId => inner.InstanceId;

        public override ParentOrchestrationInstance? Parent => inner.Parent;

        public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

        public override bool IsReplaying => inner.IsReplaying;

        public override string Version => inner.Version;

        public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

        public override TaskOrchestrationEntityFeature Entities => inner.Entities;

        public override ILoggerFactory ReplaySafeLoggerFactory => inner.ReplaySafeLoggerFactory;

        protected override ILoggerFactory LoggerFactory => inner.ReplaySafeLoggerFactory;

        public override T? GetInput<T>()
            where T : default =>
            input is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json ? json.Deserialize<T>() : default;

        public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
            inner.CallActivityAsync<TResult>(name, input, options);

        public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
            inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

        public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

        public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
            inner.WaitForExternalEvent<T>(eventName, cancellationToken);

        public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

        public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

        public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

        public override Guid NewGuid() => inner.NewGuid();
    }
}

/// <summary>An activity function registered with the Durable Task worker under its function name.</summary>
internal sealed class FunctionActivity(FunctionInvoker function, IServiceProvider services, CrashInjector crashes) : ITaskActivity
{
    public Type InputType => function.TriggerParameter.ParameterType;

    public Type OutputType => function.ResultType ?? typeof(object);

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        crashes.MaybeCrash($"before activity {function.Function.Name}");
        await using var scope = services.CreateAsyncScope();
        var result = await function.InvokeAsync(scope.ServiceProvider, p => Bind(p, input));
        crashes.MaybeCrash($"after activity {function.Function.Name}");
        return result;
    }

    private static (bool, object?) Bind(ParameterInfo parameter, object? input)
    {
        if (parameter.IsDefined(typeof(ActivityTriggerAttribute), false))
        {
            return (true, input);
        }

        return parameter.ParameterType == typeof(CancellationToken) ? (true, CancellationToken.None) : (false, null);
    }
}

/// <summary>Kills the process on the spot with the configured chance; a no-op unless a crash test asks for it.</summary>
public sealed class CrashInjector(double probability, ILogger<CrashInjector> logger)
{
    public void MaybeCrash(string where)
    {
        if (probability <= 0 || Random.Shared.NextDouble() >= probability)
        {
            return;
        }

        logger.LogCritical("Crash injected {Where}.", where);
        Process.GetCurrentProcess().Kill();
    }
}

/// <summary>Orchestrators are static and take no services.</summary>
internal sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
