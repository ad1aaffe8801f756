using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Description;
using Microsoft.Azure.WebJobs.Host;
using Binder = Microsoft.Azure.WebJobs.Binder;

namespace PromoServerless.FunctionsHost.Functions;

/// <summary>
/// Turns the worker's functions into WebJobs functions, as the Functions host does for any language worker: one
/// generated static method per function, its trigger parameter carrying the binding's attribute (made by the
/// extensions from the binding's JSON), whose body hands the invocation to <see cref="FunctionInvocations"/>.
/// The extensions then listen for and run each function as they do in Azure: the Durable extension its
/// orchestrations and activities, the queue extension its queue, the timer extension its schedule.
/// </summary>
internal static class FunctionTypeBuilder
{
    private static readonly MethodInfo Invoke = typeof(FunctionInvocations).GetMethod(nameof(FunctionInvocations.InvokeAsync))!;

    public static Type Build(IEnumerable<FunctionDefinition> functions, IJobHostMetadataProvider metadata)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("PromoServerless.LocalFunctions"), AssemblyBuilderAccess.Run);
        var type = assembly.DefineDynamicModule("PromoServerless.LocalFunctions").DefineType("Functions", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        foreach (var function in functions)
        {
            DefineMethod(type, function, metadata);
        }

        return type.CreateType();
    }

    /// <summary>
    /// The binding's attribute: HTTP and timer triggers are the host's own bindings, made from their JSON as the
    /// Functions host makes them; any other the extension that owns the binding type makes from the JSON.
    /// </summary>
    public static Attribute AttributeOf(BindingDefinition binding, IJobHostMetadataProvider metadata)
    {
        switch (binding.Type.ToLowerInvariant())
        {
            case "httptrigger":
                var level = Enum.TryParse<Microsoft.Azure.WebJobs.Extensions.Http.AuthorizationLevel>((string?)binding.Json["authLevel"], ignoreCase: true, out var parsed) ? parsed : Microsoft.Azure.WebJobs.Extensions.Http.AuthorizationLevel.Function;
                return new HttpTriggerAttribute(level, binding.Methods.ToArray()) { Route = binding.Route };
            case "timertrigger":
                return new TimerTriggerAttribute((string?)binding.Json["schedule"] ?? throw new InvalidOperationException($"Timer binding {binding.Name} has no schedule."))
                {
                    RunOnStartup = (bool?)binding.Json["runOnStartup"] ?? false,
                    UseMonitor = (bool?)binding.Json["useMonitor"] ?? true,
                };
        }

        var attributeType = metadata.GetAttributeTypeFromName(binding.Type)
            ?? throw new InvalidOperationException($"No extension handles bindings of type {binding.Type}; is its extension in the app's extensions.json?");
        return metadata.GetAttribute(attributeType, binding.Json);
    }

    private static void DefineMethod(TypeBuilder type, FunctionDefinition function, IJobHostMetadataProvider metadata)
    {
        var trigger = AttributeOf(function.Trigger, metadata);
        var triggerType = trigger switch
        {
            HttpTriggerAttribute => typeof(Microsoft.AspNetCore.Http.HttpRequest),
            TimerTriggerAttribute => typeof(TimerInfo),
            _ => metadata.GetDefaultType(trigger, FileAccess.Read, function.Trigger.RequestedType) ?? function.Trigger.RequestedType,
        };
        var returnsValue = trigger.GetType().GetCustomAttribute<BindingAttribute>()?.TriggerHandlesReturnValue == true;

        var method = type.DefineMethod(
            MethodName(function.Name),
            MethodAttributes.Public | MethodAttributes.Static,
            returnsValue ? typeof(Task<object>) : typeof(Task),
            [triggerType, typeof(Binder), typeof(Microsoft.Azure.WebJobs.ExecutionContext), typeof(CancellationToken)]);
        method.SetCustomAttribute(new CustomAttributeBuilder(typeof(FunctionNameAttribute).GetConstructor([typeof(string)])!, [function.Name]));

        var triggerParameter = method.DefineParameter(1, ParameterAttributes.None, function.Trigger.Name);
        triggerParameter.SetCustomAttribute(AttributeBuilders.For(trigger));
        method.DefineParameter(2, ParameterAttributes.None, "_binder");
        method.DefineParameter(3, ParameterAttributes.None, "_context");
        method.DefineParameter(4, ParameterAttributes.None, "_cancellationToken");

        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldstr, function.Name);
        il.Emit(OpCodes.Ldarg_0);
        if (triggerType.IsValueType)
        {
            il.Emit(OpCodes.Box, triggerType);
        }

        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Call, Invoke);
        il.Emit(OpCodes.Ret);
    }

    private static string MethodName(string functionName) => new(functionName.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
}

/// <summary>Rebuilds an attribute instance as a <see cref="CustomAttributeBuilder"/>: the widest constructor whose parameters all match properties, then the remaining properties.</summary>
internal static class AttributeBuilders
{
    public static CustomAttributeBuilder For(Attribute attribute)
    {
        var type = attribute.GetType();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.DeclaringType != typeof(Attribute) && IsAttributeValue(p.PropertyType))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().All(p => p.Name is not null && properties.ContainsKey(p.Name)))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault() ?? throw new InvalidOperationException($"{type.Name} has no constructor that its properties describe.");
        var arguments = constructor.GetParameters().Select(p => properties[p.Name!].GetValue(attribute)).ToArray();
        var byConstructor = constructor.GetParameters().Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var named = properties.Values.Where(p => p.CanWrite && p.SetMethod!.IsPublic && !byConstructor.Contains(p.Name) && p.GetValue(attribute) is not null).ToArray();
        return new CustomAttributeBuilder(constructor, arguments, named, named.Select(p => p.GetValue(attribute)).ToArray());
    }

    private static bool IsAttributeValue(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return Nullable.GetUnderlyingType(element) is null && (element.IsPrimitive || element.IsEnum || element == typeof(string) || element == typeof(Type));
    }
}
