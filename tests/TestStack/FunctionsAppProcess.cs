using System.Diagnostics;
using System.Text;

namespace PromoServerless.TestStack;

/// <summary>The functions app under the local functions host, run as its own process from its build output, as <c>func start</c> would run it.</summary>
public sealed class FunctionsAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FunctionsAppProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The worker processes the host runs now (one, unless it is restarting one).</summary>
    public IReadOnlyList<int> WorkerProcessIds => ChildProcesses(_process.Id);

    public static async Task<FunctionsAppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int port, string configuration = "Debug", bool echoOutput = false)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "tests", "FunctionsHost", "bin", configuration, "net10.0", "PromoServerless.FunctionsHost.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution first.");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["LocalHost__AppDirectory"] = LocalHostSettings.AppDirectory(configuration);
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The functions app could not be started.");
        var app = new FunctionsAppProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => app.Append(e.Data, echoOutput);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data, echoOutput);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        PidFile.Record(process.Id);
        await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        return app;
    }

    /// <summary>Kills the worker alone, as a crash or an out-of-memory recycle of the worker would; the host starts another.</summary>
    public void KillWorker()
    {
        foreach (var pid in WorkerProcessIds)
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // It exited meanwhile.
            }
        }
    }

    /// <summary>Kills the host and its worker without letting them finish anything: what a crash looks like to storage.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or AggregateException)
        {
            // It exited on its own meanwhile.
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        if (Environment.GetEnvironmentVariable("PROMO_LOGDIR") is { Length: > 0 } logs)
        {
            // Kept for whoever looks into a failed run: what the host and its worker printed.
            Directory.CreateDirectory(logs);
            File.WriteAllText(System.IO.Path.Combine(logs, $"functions-host-{_process.Id}.log"), Output);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The functions app exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("api/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The functions app did not become healthy in {timeout}:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    private static int[] ChildProcesses(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(System.IO.Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == parent)
            .ToArray();

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces, so read after its closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private void Append(string? line, bool echo)
    {
        if (line is null)
        {
            return;
        }

        if (echo)
        {
            Console.WriteLine("  [app] " + line);
        }

        lock (_output)
        {
            // The latest lines matter most (what the host printed before it died): keep the last 1-2 MB.
            if (_output.Length > 2_000_000)
            {
                _output.Remove(0, 1_000_000);
            }

            _output.AppendLine(line);
        }
    }
}
