using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using RpcException = Grpc.Core.RpcException;
using PromoServerless.FunctionsHost.Functions;
using PromoServerless.FunctionsHost.Protocol;
using MessageKind = PromoServerless.FunctionsHost.Protocol.StreamingMessage.ContentOneofCase;

namespace PromoServerless.FunctionsHost.Workers;

/// <summary>
/// The event stream to one worker process: the handshake (start stream, worker init, function metadata from the
/// worker's own indexing, function load), then invocations paired with their responses by invocation id, and the
/// worker's logs. Everything the host says to the worker goes through one writer, in order.
/// </summary>
internal sealed class WorkerChannel(WorkerProcess process, ILoggerFactory loggers) : IDisposable
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<MessageKind, TaskCompletionSource<StreamingMessage>> _replies = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> _loads = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closed = new();
    private Exception? _failure;

    public WorkerProcess Process => process;

    /// <summary>The worker's own HTTP server (its <c>HttpUri</c> capability), where HTTP requests are forwarded.</summary>
    public Uri? HttpUri { get; private set; }

    /// <summary>The functions as the worker indexed them, by name, with the ids they were loaded under.</summary>
    public IReadOnlyDictionary<string, RpcFunctionMetadata> Functions { get; private set; } = new Dictionary<string, RpcFunctionMetadata>();

    /// <summary>Completes when the worker has dialled in and sent its start-stream message.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Runs the stream the worker opened until either side ends it.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> inbound, IServerStreamWriter<StreamingMessage> outbound, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        _connected.TrySetResult();
        var writing = WriteAsync(outbound, linked.Token);
        try
        {
            while (await inbound.MoveNext(linked.Token))
            {
                Receive(inbound.Current);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or RpcException)
        {
            // The worker went away or the host is stopping; pending calls fail below.
        }
        finally
        {
            Close(new WorkerProcessExitException($"The worker process {process.Id} closed its event stream."));
            await writing;
        }
    }

    /// <summary>Worker init, worker indexing and function load, as the Functions host runs them before the first invocation.</summary>
    public async Task InitializeAsync(string appDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await Connected.WaitAsync(limit.Token);

        var init = new WorkerInitRequest { HostVersion = HostVersion, WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory };
        var initialized = (await RequestAsync(new StreamingMessage { WorkerInitRequest = init }, MessageKind.WorkerInitResponse, limit.Token)).WorkerInitResponse;
        ThrowIfFailed(initialized.Result, "initialize");
        HttpUri = initialized.Capabilities.TryGetValue("HttpUri", out var httpUri) ? new Uri(httpUri) : null;

        var indexing = new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } };
        var indexed = (await RequestAsync(indexing, MessageKind.FunctionMetadataResponse, limit.Token)).FunctionMetadataResponse;
        ThrowIfFailed(indexed.Result, "index its functions");
        if (indexed.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException("The worker asked for host indexing; this host runs only workers that index their own functions.");
        }

        var functions = indexed.FunctionMetadataResults.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var function in functions.Values.Where(f => string.IsNullOrEmpty(f.FunctionId)))
        {
            function.FunctionId = function.Name;
        }

        var loads = functions.Values.Select(f => LoadAsync(f, limit.Token)).ToArray();
        foreach (var loaded in await Task.WhenAll(loads))
        {
            ThrowIfFailed(loaded.Result, $"load function {loaded.FunctionId}");
        }

        Functions = functions;
    }

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[request.InvocationId] = reply;
        try
        {
            Send(new StreamingMessage { InvocationRequest = request });
            using var cancel = cancellationToken.Register(() => Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } }));
            return await reply.Task;
        }
        finally
        {
            _invocations.TryRemove(request.InvocationId, out _);
        }
    }

    /// <summary>Asks the worker to stop, as the host does when it shuts down.</summary>
    public void Terminate() => Send(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } });

    /// <summary>Ends the channel: every call still waiting fails with <paramref name="failure"/>.</summary>
    public void Close(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        _closed.Cancel();
        _connected.TrySetException(failure);
        foreach (var pending in _replies.Values)
        {
            pending.TrySetException(failure);
        }

        foreach (var pending in _loads.Values)
        {
            pending.TrySetException(failure);
        }

        foreach (var pending in _invocations.Values)
        {
            pending.TrySetException(failure);
        }
    }

    private const string HostVersion = "4.0.0-local";

    public void Dispose() => _closed.Dispose();

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case MessageKind.InvocationResponse:
                if (_invocations.TryGetValue(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }

                break;
            case MessageKind.RpcLog:
                WorkerLogs.Write(loggers, message.RpcLog);
                break;
            case MessageKind.FunctionLoadResponse:
                if (_loads.TryRemove(message.FunctionLoadResponse.FunctionId, out var load))
                {
                    load.TrySetResult(message.FunctionLoadResponse);
                }

                break;
            case MessageKind.FunctionLoadResponseCollection:
                foreach (var response in message.FunctionLoadResponseCollection.FunctionLoadResponses)
                {
                    if (_loads.TryRemove(response.FunctionId, out var one))
                    {
                        one.TrySetResult(response);
                    }
                }

                break;
            default:
                if (_replies.TryRemove(message.ContentCase, out var reply))
                {
                    reply.TrySetResult(message);
                }

                break;
        }
    }

    private async Task<StreamingMessage> RequestAsync(StreamingMessage request, MessageKind replyKind, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[replyKind] = reply;
        Send(request);
        return await reply.Task.WaitAsync(cancellationToken);
    }

    private async Task<FunctionLoadResponse> LoadAsync(RpcFunctionMetadata function, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<FunctionLoadResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loads[function.FunctionId] = reply;
        var metadata = function.Clone();
        foreach (var binding in FunctionDefinition.From(function).Bindings)
        {
            metadata.Bindings[binding.Name] = binding.ToBindingInfo();
        }

        Send(new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = metadata } });
        return await reply.Task.WaitAsync(cancellationToken);
    }

    private void Send(StreamingMessage message)
    {
        if (!_outbound.Writer.TryWrite(message))
        {
            throw _failure ?? new WorkerProcessExitException("The worker channel is closed.");
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> outbound, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
            {
                await outbound.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or RpcException)
        {
            Close(new WorkerProcessExitException($"The worker process {process.Id} stopped reading its event stream."));
        }
    }

    private static void ThrowIfFailed(StatusResult? result, string step)
    {
        if (result is not { Status: StatusResult.Types.Status.Success })
        {
            throw new InvalidOperationException($"The worker could not {step}: {result?.Exception?.Message ?? result?.Result ?? "no result"}");
        }
    }
}

/// <summary>
/// The worker died or closed its stream while a call was waiting. The type's name matters: the Durable extension
/// treats an invocation that failed with a <c>WorkerProcessExitException</c> as a platform failure and retries the
/// work item instead of failing the orchestration or activity, as under the Functions host.
/// </summary>
public sealed class WorkerProcessExitException(string message) : Exception(message);
