using System.Diagnostics;

namespace PromoServerless.TestStack;

/// <summary>Installs the project's npm packages (Azurite, MailDev, the OpenAPI validator) from package-lock.json when any is missing.</summary>
public static class NodeModules
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static readonly string[] Required =
    [
        Path.Combine(".bin", "azurite"),
        Path.Combine(".bin", "maildev"),
        Path.Combine("@readme", "openapi-parser", "package.json"),
    ];

    private static bool AllInstalled(string root) => Required.All(file => File.Exists(Path.Combine(root, "node_modules", file)));

    public static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            var root = RepositoryRoot.Path;
            if (AllInstalled(root))
            {
                return;
            }

            // A file lock keeps two test processes starting at once from installing over each other.
            await using var lockFile = await AcquireLockAsync(Path.Combine(root, ".npm-install.lock"));
            if (AllInstalled(root))
            {
                return;
            }

            var info = new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = root, UseShellExecute = false };
            using var npm = Process.Start(info) ?? throw new InvalidOperationException("npm could not be started; install Node.js 20 or later.");
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm ci' failed with exit code {npm.ExitCode} in {root}.");
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500);
            }
        }
    }
}
