using System.IO.Compression;
using System.Text.Json.Nodes;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Contract.Tests.Deployment;

/// <summary>
/// infra/azure/package.sh, run on the functions project's build output (the same steps the Release publish goes
/// through, minus the publish itself), writes the zip the Functions host can run.
/// </summary>
public sealed class PackageTests(PackagedBuildOutput package) : IClassFixture<PackagedBuildOutput>
{
    private const string Executable = "PromoServerless.Functions";

    [Fact]
    public void Package_WhenGivenTheFunctionsBuildOutput_ShouldPutHostJsonAndEveryFunctionJsonAtTheZipRoot()
    {
        Assert.True(package.Result.ExitCode == 0, package.Result.ToString());
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("host.json", names);
        Assert.Contains(Executable, names);
        Assert.Contains($"{Executable}.dll", names);
        Assert.DoesNotContain("local.settings.json", names);

        var functionFiles = names.Where(n => n.EndsWith("/function.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(FunctionTable.All.Select(f => $"{f.Name}/function.json").Order(StringComparer.Ordinal), functionFiles);
        foreach (var function in FunctionTable.All)
        {
            using var reader = new StreamReader(zip.GetEntry($"{function.Name}/function.json")!.Open());
            Assert.True(
                JsonNode.DeepEquals(FunctionMetadataWriter.ToFunctionJson(function), JsonNode.Parse(reader.ReadToEnd())),
                $"{function.Name}/function.json differs from what the function table declares.");
        }
    }

    [Fact]
    public void Package_WhenWritingTheZip_ShouldKeepTheExecutablesUnixExecuteBit()
    {
        Assert.True(package.Result.ExitCode == 0, package.Result.ToString());
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entry = zip.GetEntry(Executable)!;

        // Unix permissions sit in the high 16 bits of the external attributes.
        var mode = (entry.ExternalAttributes >> 16) & 0x1FF;
        Assert.True((mode & 0b001_001_001) == 0b001_001_001, $"mode of {Executable} in the zip is {Convert.ToString(mode, 8)}, not executable.");

        using var hostJson = new StreamReader(zip.GetEntry("host.json")!.Open());
        var handler = JsonNode.Parse(hostJson.ReadToEnd())!["customHandler"]!["description"]!;
        Assert.Equal(Executable, (string?)handler["defaultExecutablePath"]);
    }

    [Fact]
    public async Task Package_WhenHostJsonIsMissing_ShouldFailAndNameIt()
    {
        var empty = Directory.CreateTempSubdirectory("package-empty-").FullName;
        try
        {
            var result = await PackagedBuildOutput.RunPackagerAsync(["--from", empty, "--output", Path.Combine(empty, "out.zip")]);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("host.json", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(empty, "out.zip")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    /// <summary>The real thing: a self-contained linux-x64 Release publish. About a minute, so it runs only when asked.</summary>
    [Fact(Explicit = true)]
    public async Task Package_WhenPublishingSelfContainedRelease_ShouldWriteARunnableZip()
    {
        var folder = Directory.CreateTempSubdirectory("package-publish-").FullName;
        try
        {
            var zipPath = Path.Combine(folder, "functions.zip");
            var result = await PackagedBuildOutput.RunPackagerAsync(["--output", zipPath], TimeSpan.FromMinutes(10));

            Assert.True(result.ExitCode == 0, result.ToString());
            using var zip = ZipFile.OpenRead(zipPath);
            Assert.NotNull(zip.GetEntry("host.json"));
            Assert.NotNull(zip.GetEntry("libcoreclr.so"));
            Assert.All(FunctionTable.All, f => Assert.NotNull(zip.GetEntry($"{f.Name}/function.json")));
            Assert.Equal(0b001_001_001, (zip.GetEntry(Executable)!.ExternalAttributes >> 16) & 0b001_001_001);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>Runs package.sh once on the functions project's build output; the tests read the zip it wrote.</summary>
public sealed class PackagedBuildOutput : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("package-").FullName;

    public string ZipPath => Path.Combine(_folder, "functions.zip");

    internal CommandResult Result { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Result = await RunPackagerAsync(["--from", CommandLine.FunctionsBuildOutput, "--output", ZipPath]);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    internal static Task<CommandResult> RunPackagerAsync(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        CommandLine.RunAsync(
            "/bin/bash",
            arguments.Prepend(Path.Combine(CommandLine.AzureFolder, "package.sh")),
            CommandLine.RepositoryRoot,
            timeout ?? TimeSpan.FromMinutes(1));
}
