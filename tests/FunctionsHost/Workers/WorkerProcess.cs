using System.Diagnostics;

namespace PromoServerless.FunctionsHost.Workers;

/// <summary>
/// The functions app as its own process, started the way the Functions host starts a dotnet-isolated worker:
/// <c>dotnet &lt;app&gt;.dll</c> in the app's directory, with the host's gRPC address and the worker's id on the
/// command line (both spellings: the legacy <c>--host/--port/--workerId</c> and the <c>--functions-*</c> switches
/// newer workers read) and the app settings as environment variables.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(WorkerStartInfo start, Uri hostEndpoint, ILogger logger)
    {
        var workerId = Guid.NewGuid().ToString();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = start.AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(start.AppDirectory, start.WorkerPath));
        foreach (var argument in Arguments(hostEndpoint, workerId, start.MaxMessageLength))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in start.Environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The functions worker could not be started.");
        var worker = new WorkerProcess(process, workerId);

        // The host logs what the worker writes to its console, as the Functions host does, the worker's own
        // logs reach the host through the protocol (RpcLog) as well.
        process.OutputDataReceived += (_, e) => Echo(logger, e.Data);
        process.ErrorDataReceived += (_, e) => Echo(logger, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        RecordPid(process.Id);
        return worker;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills the worker on the spot: what a crash or an out-of-memory recycle looks like to the host.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited already.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static IEnumerable<string> Arguments(Uri hostEndpoint, string workerId, int maxMessageLength)
    {
        var requestId = Guid.NewGuid().ToString();
        var length = maxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            "--host", hostEndpoint.Host,
            "--port", hostEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--workerId", workerId,
            "--requestId", requestId,
            "--grpcMaxMessageLength", length,
            "--functions-uri", hostEndpoint.AbsoluteUri,
            "--functions-worker-id", workerId,
            "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", length,
        ];
    }

    /// <summary>CI stops every process a run started by the PIDs in PROMO_PIDFILE, the worker too if the host dies first.</summary>
    private static void RecordPid(int pid)
    {
        if (Environment.GetEnvironmentVariable("PROMO_PIDFILE") is { Length: > 0 } path)
        {
            File.AppendAllText(path, pid + Environment.NewLine);
        }
    }

    private static void Echo(ILogger logger, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            logger.LogInformation("{WorkerOutput}", line);
        }
    }
}

/// <summary>What the host needs to start a worker: where the app is, its entry assembly, and the app settings.</summary>
/// <param name="WorkerPath">The assembly <c>worker.config.json</c> names (<c>defaultWorkerPath</c>).</param>
internal sealed record WorkerStartInfo(string AppDirectory, string WorkerPath, IReadOnlyDictionary<string, string> Environment, int MaxMessageLength);
