using System.Reflection;
using DurableTask.Core;
using DurableTask.Core.History;

namespace PromoServerless.FunctionsHost;

/// <summary>
/// Sits between the gRPC sidecar and DTFx's Azure Storage provider and hands the provider only what it can store.
/// The sidecar (written against its in-memory backend) gives a sub-orchestration's start message the protobuf
/// map of its tags, which the provider's type-named JSON cannot read back, and records the sub-orchestration in
/// history as a sidecar subclass the provider's history table cannot write. Either way the child never starts and
/// the parent waits for ever. Both are turned into DTFx's own types before the provider sees them.
/// </summary>
public class SidecarCompatibility : DispatchProxy
{
    private IOrchestrationService _provider = null!;

    public static IOrchestrationService Wrap(IOrchestrationService provider)
    {
        var proxy = Create<IOrchestrationService, SidecarCompatibility>();
        ((SidecarCompatibility)(object)proxy)._provider = provider;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        foreach (var argument in args ?? [])
        {
            switch (argument)
            {
                case TaskOrchestrationWorkItem workItem:
                    UseCoreHistoryTypes(workItem.OrchestrationRuntimeState);
                    break;
                case OrchestrationRuntimeState state:
                    UseCoreHistoryTypes(state);
                    break;
                case TaskMessage message:
                    UsePlainTags(message);
                    break;
                case IEnumerable<TaskMessage> messages:
                    foreach (var message in messages)
                    {
                        UsePlainTags(message);
                    }

                    break;
            }
        }

        try
        {
            return targetMethod!.Invoke(_provider, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private static void UsePlainTags(TaskMessage message)
    {
        if (message.Event is ExecutionStartedEvent { Tags: { } tags } started && tags.GetType() != typeof(Dictionary<string, string>))
        {
            started.Tags = new Dictionary<string, string>(tags);
        }
    }

    private static void UseCoreHistoryTypes(OrchestrationRuntimeState? state)
    {
        if (state is null)
        {
            return;
        }

        foreach (var events in new[] { state.Events, state.NewEvents })
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
                {
                    events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                    {
                        Name = created.Name,
                        Version = created.Version,
                        InstanceId = created.InstanceId,
                        Input = created.Input,
                        Timestamp = created.Timestamp,
                    };
                }
            }
        }
    }
}
