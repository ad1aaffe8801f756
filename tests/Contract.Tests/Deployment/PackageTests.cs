using System.IO.Compression;
using System.Reflection;
using System.Text.Json;

namespace PromoServerless.Contract.Tests.Deployment;

/// <summary>
/// infra/azure/package.sh zips the `dotnet publish` output of functions/ into what the Functions host runs on the
/// dotnet-isolated stack: the Worker SDK's function list and binding extensions, host.json, the app, no function.json.
/// </summary>
public sealed class PackageTests(PublishedPackage package) : IClassFixture<PublishedPackage>
{
    private const string Assembly = "PromoServerless.Functions.dll";

    [Fact]
    public void Package_WhenPublished_ShouldHoldWhatTheIsolatedWorkerHostReadsAtItsRoot()
    {
        Assert.True(package.Result.ExitCode == 0, package.Result.ToString());
        var names = package.EntryNames();

        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", Assembly })
        {
            Assert.Contains(file, names);
        }

        Assert.DoesNotContain("local.settings.json", names);
        Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_WhenPublished_ShouldCarryTheBindingExtensionsTheWorkerSdkEmits()
    {
        Assert.True(package.Result.ExitCode == 0, package.Result.ToString());
        var names = package.EntryNames();

        Assert.Contains(".azurefunctions/Microsoft.Azure.WebJobs.Extensions.DurableTask.dll", names);

        using var extensions = JsonDocument.Parse(package.Read("extensions.json"));
        var declared = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToArray();
        Assert.Contains("DurableTask", declared);
    }

    [Fact]
    public void Package_WhenPublished_ShouldListTheFunctionsInFunctionsMetadataAndHaveNoFunctionJson()
    {
        Assert.True(package.Result.ExitCode == 0, package.Result.ToString());
        Assert.DoesNotContain(package.EntryNames(), n => Path.GetFileName(n) == "function.json");

        using var metadata = JsonDocument.Parse(package.Read("functions.metadata"));
        var functions = metadata.RootElement.EnumerateArray().ToArray();
        Assert.Equal(Api.FunctionsMetadata.HttpFunctions().Count, functions.Count(f => f.GetProperty("bindings")[0].GetProperty("type").GetString() == "httpTrigger"));
        Assert.All(functions, f => Assert.Equal(Assembly, f.GetProperty("scriptFile").GetString()));

        using var worker = JsonDocument.Parse(package.Read("worker.config.json"));
        Assert.Equal("dotnet-isolated", worker.RootElement.GetProperty("description").GetProperty("language").GetString());
    }

    [Fact]
    public async Task Package_WhenHostJsonIsMissing_ShouldFailAndNameIt()
    {
        var empty = Directory.CreateTempSubdirectory("package-empty-").FullName;
        try
        {
            var result = await PublishedPackage.RunPackagerAsync(["--from", empty, "--output", Path.Combine(empty, "out.zip")]);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("host.json", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(empty, "out.zip")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}

/// <summary>
/// Runs package.sh once: `dotnet publish` of the configuration the tests were built in, without building again
/// (the test build already built functions/), zipped. The tests read the zip it wrote.
/// </summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("package-").FullName;

    public string ZipPath => Path.Combine(_folder, "functions.zip");

    internal CommandResult Result { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var configuration = typeof(PublishedPackage).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        Result = await RunPackagerAsync(["--configuration", configuration, "--no-build", "--output", ZipPath], TimeSpan.FromMinutes(5));
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    public HashSet<string> EntryNames()
    {
        using var zip = ZipFile.OpenRead(ZipPath);
        return zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    }

    public string Read(string entry)
    {
        using var zip = ZipFile.OpenRead(ZipPath);
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    internal static Task<CommandResult> RunPackagerAsync(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        CommandLine.RunAsync(
            "/bin/bash",
            arguments.Prepend(Path.Combine(CommandLine.AzureFolder, "package.sh")),
            CommandLine.RepositoryRoot,
            timeout ?? TimeSpan.FromMinutes(1));
}
