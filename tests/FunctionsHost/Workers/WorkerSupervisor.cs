using PromoServerless.FunctionsHost.Protocol;

namespace PromoServerless.FunctionsHost.Workers;

/// <summary>
/// Keeps one worker process running, as the Functions host does: starts it, hands its event stream to a
/// <see cref="WorkerChannel"/>, and when the process dies fails what it was running and starts a new one.
/// Invocations that arrive while no worker is ready wait for the next one.
/// </summary>
internal sealed class WorkerSupervisor(WorkerStartInfo start, ILoggerFactory loggers) : IAsyncDisposable
{
    /// <summary>How long a new worker has to connect, initialize and load its functions.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long an invocation waits for a ready worker before it fails the way the Functions host fails it.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ILogger _logger = loggers.CreateLogger("Host.Workers");
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, WorkerChannel> _connecting = [];
    private TaskCompletionSource<WorkerChannel> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _supervising;
    private Uri? _hostEndpoint;

    /// <summary>Raised each time a worker has loaded its functions (the first time, and after every restart).</summary>
    public event Action<WorkerChannel>? WorkerReady;

    /// <summary>The number of workers started, the first included.</summary>
    public int Starts { get; private set; }

    /// <summary>Starts the first worker and returns once it is ready; its function metadata is the app's.</summary>
    public async Task<WorkerChannel> StartAsync(Uri hostEndpoint, CancellationToken cancellationToken)
    {
        _hostEndpoint = hostEndpoint;
        var first = await StartWorkerAsync(cancellationToken);
        _supervising = SuperviseAsync(first);
        return first;
    }

    /// <summary>The channel that dialled in with <paramref name="workerId"/>, if the host started that worker.</summary>
    public WorkerChannel? Find(string workerId)
    {
        lock (_connecting)
        {
            return _connecting.GetValueOrDefault(workerId);
        }
    }

    /// <summary>The ready worker, waiting for one while a worker restarts.</summary>
    public async Task<WorkerChannel> GetReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _ready.Task.WaitAsync(ReadyTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The Durable extension recognises this failure as "no worker yet" and retries the work item later.
            throw new InvalidOperationException("Did not find any initialized language workers");
        }
    }

    /// <summary>Kills the running worker process; the supervisor starts a new one. For crash tests.</summary>
    public void KillWorker(string reason)
    {
        if (_ready.Task.IsCompletedSuccessfully)
        {
            var worker = _ready.Task.Result;
            _logger.LogWarning("Killing worker process {Pid}: {Reason}.", worker.Process.Id, reason);
            worker.Process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_ready.Task.IsCompletedSuccessfully)
        {
            var worker = _ready.Task.Result;
            try
            {
                worker.Terminate();
                await worker.Process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is TimeoutException or WorkerProcessExitException)
            {
            }

            worker.Process.Dispose();
        }

        if (_supervising is not null)
        {
            await _supervising;
        }
    }

    private async Task SuperviseAsync(WorkerChannel current)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await current.Process.WaitForExitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ready = new TaskCompletionSource<WorkerChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            current.Close(new WorkerProcessExitException($"The worker process {current.Process.Id} exited."));
            Forget(current);
            _logger.LogWarning("Worker process {Pid} exited; starting a new one.", current.Process.Id);
            current.Process.Dispose();
            if (await RestartAsync() is not { } next)
            {
                return;
            }

            current = next;
        }
    }

    private async Task<WorkerChannel?> RestartAsync()
    {
        for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                return await StartWorkerAsync(_stopping.Token);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                _logger.LogError(ex, "Worker start {Attempt} failed.", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }

    private async Task<WorkerChannel> StartWorkerAsync(CancellationToken cancellationToken)
    {
        var process = WorkerProcess.Start(start, _hostEndpoint!, loggers.CreateLogger("Host.Workers.Console"));
        Starts++;
        var channel = new WorkerChannel(process, loggers);
        lock (_connecting)
        {
            _connecting[process.WorkerId] = channel;
        }

        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var initializing = channel.InitializeAsync(start.AppDirectory, StartTimeout, cancellationToken);
            if (await Task.WhenAny(initializing, exited) == exited && !initializing.IsCompleted)
            {
                throw new InvalidOperationException($"The worker process {process.Id} exited while starting.");
            }

            await initializing;
        }
        catch
        {
            channel.Close(new WorkerProcessExitException("The worker did not start."));
            Forget(channel);
            process.Dispose();
            throw;
        }

        _logger.LogInformation("Worker process {Pid} is ready with {Count} functions.", process.Id, channel.Functions.Count);
        WorkerReady?.Invoke(channel);
        _ready.TrySetResult(channel);
        return channel;
    }

    private void Forget(WorkerChannel channel)
    {
        lock (_connecting)
        {
            _connecting.Remove(channel.Process.WorkerId);
        }
    }
}

/// <summary>The host side of the Functions protocol's one gRPC method: hands each worker's stream to its channel.</summary>
internal sealed class FunctionRpcService(WorkerSupervisor workers, ILogger<FunctionRpcService> logger) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(Grpc.Core.IAsyncStreamReader<StreamingMessage> requestStream, Grpc.Core.IServerStreamWriter<StreamingMessage> responseStream, Grpc.Core.ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.StartStream is not { } start)
        {
            logger.LogWarning("A worker opened a stream without starting it.");
            return;
        }

        if (workers.Find(start.WorkerId) is not { } channel)
        {
            logger.LogWarning("Worker {WorkerId} is not one this host started.", start.WorkerId);
            return;
        }

        await channel.RunAsync(requestStream, responseStream, context.CancellationToken);
    }
}
