using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PromoServerless.TestStack;

/// <summary>
/// A service from the project's node_modules (Azurite, MailDev) run as a child process on loopback.
/// It is stopped by the PID saved at start; the PID is also appended to the file named by
/// PROMO_PIDFILE so the CI script can stop it even if the test process dies.
/// </summary>
public sealed class NodeServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeServiceProcess(Process process)
    {
        _process = process;
    }

    public int ProcessId => _process.Id;

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

    public static async Task<NodeServiceProcess> StartAsync(string binName, IEnumerable<string> arguments, IReadOnlyList<int> readyPorts, TimeSpan? timeout = null)
    {
        await NodeModules.EnsureInstalledAsync();
        var script = System.IO.Path.Combine(RepositoryRoot.Path, "node_modules", ".bin", binName);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run 'npm ci' in {RepositoryRoot.Path} first (the test script does).");
        }

        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {binName}.");
        var service = new NodeServiceProcess(process);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        PidFile.Record(process.Id);

        try
        {
            await WaitForPortsAsync(process, readyPorts, timeout ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or AggregateException)
        {
            // Already gone, or one of its children exited while the tree was being killed.
        }
        catch (TimeoutException)
        {
            // Killed but not reaped in time; nothing more to do from here.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static async Task WaitForPortsAsync(Process process, IReadOnlyList<int> ports, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in ports)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The service exited with code {process.ExitCode} before listening on port {port}.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
    }
}
