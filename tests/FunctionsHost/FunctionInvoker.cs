using System.Reflection;

namespace PromoServerless.FunctionsHost;

/// <summary>
/// Calls one [Function] method the way the worker does: a new instance of its class per invocation, from the
/// invocation's service scope, with each parameter bound from what the trigger hands over.
/// </summary>
public sealed class FunctionInvoker(FunctionMetadata function, MethodInfo method)
{
    public FunctionMetadata Function => function;

    public MethodInfo Method => method;

    /// <summary>The type a Task/ValueTask-returning method completes with (null for none).</summary>
    public Type? ResultType
    {
        get
        {
            var type = method.ReturnType;
            if (type == typeof(Task) || type == typeof(ValueTask) || type == typeof(void))
            {
                return null;
            }

            return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
                ? type.GetGenericArguments()[0]
                : type;
        }
    }

    /// <summary>The parameter the trigger binding names.</summary>
    public ParameterInfo TriggerParameter => method.GetParameters().Single(p => p.Name == function.Trigger.Name);

    /// <param name="bind">Gives each parameter its value; returns false for one it cannot bind.</param>
    public async Task<object?> InvokeAsync(IServiceProvider services, Func<ParameterInfo, (bool Bound, object? Value)> bind)
    {
        var arguments = method.GetParameters().Select(p =>
        {
            var (bound, value) = bind(p);
            return bound ? value : throw new InvalidOperationException($"The local host cannot bind parameter {p.Name} ({p.ParameterType.Name}) of function {function.Name}.");
        }).ToArray();
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        object? returned;
        try
        {
            returned = method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task;
                return ResultType is null ? null : task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                if (returned is not null && returned.GetType().IsGenericType && returned.GetType().GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)returned.GetType().GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
                    await asTask;
                    return asTask.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(asTask);
                }

                return returned;
        }
    }
}
