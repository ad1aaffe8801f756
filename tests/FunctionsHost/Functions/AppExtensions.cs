using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace PromoServerless.FunctionsHost.Functions;

/// <summary>
/// The host-side extensions the app's build chose (its <c>extensions.json</c>, with their assemblies under
/// <c>.azurefunctions/</c>), loaded the way the Functions host loads them: so the Durable and queue extensions that
/// run here are the very versions Azure runs for this build. Assemblies the host carries itself (the WebJobs SDK)
/// are shared; the rest come from the app's folder.
/// </summary>
internal static class AppExtensions
{
    /// <summary>The Worker SDK's own startup reads functions.metadata for a host without worker indexing; this host asks the worker.</summary>
    private const string MetadataLoaderStartup = "Microsoft.Azure.WebJobs.Extensions.FunctionMetadataLoader.Startup";

    public static IReadOnlyList<Type> LoadStartups(string appDirectory)
    {
        var extensions = Path.Combine(appDirectory, ".azurefunctions");
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var path = Path.Combine(extensions, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "extensions.json")));
        var startups = new List<Type>();
        foreach (var extension in document.RootElement.GetProperty("extensions").EnumerateArray())
        {
            var typeName = extension.GetProperty("typeName").GetString()!;
            if (typeName.StartsWith(MetadataLoaderStartup + ",", StringComparison.Ordinal))
            {
                continue;
            }

            var hintPath = Path.GetFullPath(Path.Combine(appDirectory, extension.GetProperty("hintPath").GetString()!));
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(hintPath);
            var type = assembly.GetType(typeName.Split(',')[0].Trim(), throwOnError: true)!;
            startups.Add(type);
        }

        return startups;
    }

    /// <summary>The worker assembly <c>worker.config.json</c> names, as the host reads it to start a dotnet-isolated worker.</summary>
    public static string WorkerPath(string appDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "worker.config.json")));
        return document.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString()
            ?? throw new InvalidOperationException("worker.config.json names no worker.");
    }
}
