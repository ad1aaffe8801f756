using System.Diagnostics;
using System.Reflection;

namespace PromoServerless.Contract.Tests.Deployment;

/// <summary>Runs the command-line tools the deployment uses (bicep, bash scripts) and finds the files they work on.</summary>
internal static class CommandLine
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string AzureFolder => Path.Combine(RepositoryRoot, "infra", "azure");

    /// <summary>The bicep executable inside the Azure.Bicep.CommandLine package, as its build props name it.</summary>
    public static string BicepPath { get; } =
        typeof(CommandLine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BicepPath")?.Value is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : throw new InvalidOperationException("BicepPath is not set: is the Azure.Bicep.CommandLine.linux-x64 package referenced and restored?");

    /// <summary>The functions project's own build output (framework-dependent), as the test build left it.</summary>
    public static string FunctionsBuildOutput { get; } = Path.Combine(
        RepositoryRoot, "functions", "bin",
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0");

    public static async Task<CommandResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PromoServerless.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No PromoServerless.sln above {AppContext.BaseDirectory}.");
    }
}

internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
