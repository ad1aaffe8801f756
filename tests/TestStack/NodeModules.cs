using System.Diagnostics;

namespace PromoServerless.TestStack;

/// <summary>Installs the project's npm packages (Azurite, MailDev) from package-lock.json when they are missing.</summary>
public static class NodeModules
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            var root = RepositoryRoot.Path;
            if (File.Exists(Path.Combine(root, "node_modules", ".bin", "azurite")) && File.Exists(Path.Combine(root, "node_modules", ".bin", "maildev")))
            {
                return;
            }

            // A file lock keeps two test processes starting at once from installing over each other.
            await using var lockFile = await AcquireLockAsync(Path.Combine(root, ".npm-install.lock"));
            if (File.Exists(Path.Combine(root, "node_modules", ".bin", "maildev")))
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
