using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using PromoServerless.FunctionsHost.Protocol;
using PromoServerless.FunctionsHost.Workers;
using Yarp.ReverseProxy.Forwarder;

namespace PromoServerless.FunctionsHost.Functions;

/// <summary>
/// Where every generated function method lands: builds the invocation the Functions host sends a worker (the
/// trigger value, the other input bindings bound by their extensions, the trigger's binding data as metadata), runs
/// it on the ready worker, and hands the worker's return value back to the extension that triggered it. An HTTP
/// function's request is forwarded to the worker's own HTTP server, paired with the invocation by its id.
/// </summary>
public static class FunctionInvocations
{
    private static Runtime? _runtime;

    /// <summary>Called by the generated methods; see <see cref="FunctionTypeBuilder"/>.</summary>
    public static Task<object?> InvokeAsync(string function, object? trigger, Binder binder, Microsoft.Azure.WebJobs.ExecutionContext context, CancellationToken cancellationToken) =>
        (_runtime ?? throw new InvalidOperationException("The local host has not started its functions.")).InvokeAsync(function, trigger, binder, context, cancellationToken);

    internal static void Use(Runtime runtime) => _runtime = runtime;

    internal sealed class Runtime(
        IReadOnlyDictionary<string, FunctionDefinition> functions,
        IJobHostMetadataProvider metadata,
        WorkerSupervisor workers,
        IHttpForwarder forwarder,
        CrashInjector crashes) : IDisposable
    {
        // A request that expects 100-continue keeps its body until the worker asks for it, however long the invocation takes
        // to reach the worker: a body sent early races the worker's 413 for one over its limit.
        private readonly HttpMessageInvoker _toWorker = new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            Expect100ContinueTimeout = TimeSpan.FromSeconds(30),
        });

        public async Task<object?> InvokeAsync(string name, object? trigger, Binder binder, Microsoft.Azure.WebJobs.ExecutionContext context, CancellationToken cancellationToken)
        {
            var function = functions[name];
            var worker = await workers.GetReadyAsync(cancellationToken);
            var request = new InvocationRequest
            {
                InvocationId = context.InvocationId.ToString(),
                FunctionId = worker.Functions[name].FunctionId,
                TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? string.Empty },
            };
            request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = RpcValues.ToTypedData(trigger) });
            foreach (var input in function.Inputs)
            {
                request.InputData.Add(new ParameterBinding { Name = input.Name, Data = RpcValues.ToTypedData(await BindInputAsync(binder, input, cancellationToken)) });
            }

            foreach (var (key, value) in binder.BindingData)
            {
                if (RpcValues.IsTriggerMetadata(key, value))
                {
                    request.TriggerMetadata[key] = RpcValues.ToTypedData(value);
                }
            }

            if (function.IsActivity)
            {
                crashes.MaybeCrash($"before activity {name}", workers);
            }

            Task<ForwarderError>? forwarding = null;
            if (trigger is HttpRequest http)
            {
                forwarding = ForwardAsync(http.HttpContext, worker, request.InvocationId);
            }

            var response = await worker.InvokeAsync(request, cancellationToken);
            if (forwarding is not null && await forwarding is var error and not ForwarderError.None)
            {
                throw new InvalidOperationException($"Forwarding the request of {name} to the worker failed: {error}.");
            }

            if (response.Result.Status != StatusResult.Types.Status.Success)
            {
                throw new WorkerInvocationException(response.Result);
            }

            if (function.IsActivity)
            {
                crashes.MaybeCrash($"after activity {name}", workers);
            }

            return RpcValues.ToObject(response.ReturnValue);
        }

        private Task<object?> BindInputAsync(Binder binder, BindingDefinition input, CancellationToken cancellationToken)
        {
            var attribute = FunctionTypeBuilder.AttributeOf(input, metadata);
            // Like the Functions host for an out-of-process worker: a value the protocol carries as itself, otherwise its
            // string form (a Durable client binding gives the JSON the worker's converter reads).
            var type = metadata.GetDefaultType(attribute, FileAccess.Read, input.RequestedType) is { } known && RpcValues.CarriesAsItself(known) ? known : typeof(string);
            return (Task<object?>)typeof(Runtime).GetMethod(nameof(BindAsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, [binder, attribute, cancellationToken])!;
        }

        private static async Task<object?> BindAsAsync<T>(Binder binder, Attribute attribute, CancellationToken cancellationToken) =>
            await binder.BindAsync<T>(attribute, cancellationToken);

        public void Dispose() => _toWorker.Dispose();

        private async Task<ForwarderError> ForwardAsync(HttpContext context, WorkerChannel worker, string invocationId)
        {
            var target = worker.HttpUri ?? throw new InvalidOperationException("The worker announced no HTTP address; this host runs HTTP functions through the ASP.NET Core integration only.");
            context.Request.Headers["x-ms-invocation-id"] = invocationId;
            return await forwarder.SendAsync(context, target.GetLeftPart(UriPartial.Authority), _toWorker, ForwarderRequestConfig.Empty, ForwardedHeaders.Instance);
        }
    }

    /// <summary>Sends the caller's host, scheme and address along, which the worker's ASP.NET Core integration reads.</summary>
    private sealed class ForwardedHeaders : HttpTransformer
    {
        public static readonly ForwardedHeaders Instance = new();

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
            if (httpContext.Connection.RemoteIpAddress is { } caller)
            {
                proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", caller.ToString());
            }
        }
    }
}

/// <summary>
/// A function that failed in the worker, worded as the Functions host words it ("Result: … Exception: … Stack: …"):
/// the Durable extension reads an activity's failure details out of that text.
/// </summary>
public sealed class WorkerInvocationException(StatusResult result)
    : Exception($"Result: {result.Status}\nException: {result.Exception?.Message}\nStack: {result.Exception?.StackTrace}");

/// <summary>
/// For crash tests: with the configured chance, kills the worker process just before an activity is sent to it or
/// just after it answered, as a recycled or out-of-memory instance dies. The host starts a new worker, as Azure's does.
/// </summary>
internal sealed class CrashInjector(double probability)
{
    public void MaybeCrash(string where, WorkerSupervisor workers)
    {
        if (probability > 0 && Random.Shared.NextDouble() < probability)
        {
            workers.KillWorker($"crash injected {where}");
            throw new WorkerProcessExitException($"The worker was killed {where}.");
        }
    }
}
