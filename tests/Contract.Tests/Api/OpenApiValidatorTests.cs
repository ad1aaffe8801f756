using PromoServerless.Contract.Tests.Deployment;

namespace PromoServerless.Contract.Tests.Api;

/// <summary>
/// Both served documents pass an independent validator (@readme/openapi-parser from the repository's node_modules),
/// the kind of check Power Platform and other importers make before they accept a document.
/// </summary>
public sealed class OpenApiValidatorTests(InProcessApp documents) : IClassFixture<InProcessApp>
{
    private static readonly string Script = Path.Combine(CommandLine.RepositoryRoot, "tests", "Contract.Tests", "validate-openapi.mjs");

    [Fact]
    public async Task OpenApi31Document_ShouldPassTheValidator() => await AssertValidAsync("openapi-v1.json", documents.OpenApiText);

    [Fact]
    public async Task Swagger20Document_ShouldPassTheValidator() => await AssertValidAsync("swagger-v1.json", documents.SwaggerText);

    [Fact]
    public async Task Validator_WhenAParameterHasNoType_ShouldRefuseTheDocument()
    {
        // The fault Power Platform refused: a Swagger 2.0 query parameter with an enum but no type.
        const string document = """
            {"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/codes":{"get":{
              "parameters":[{"name":"status","in":"query","enum":["active","failed"]}],
              "responses":{"200":{"description":"OK"}}}}}}
            """;

        var result = await ValidateAsync("broken.json", document);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("INVALID", result.Output, StringComparison.Ordinal);
    }

    private static async Task AssertValidAsync(string fileName, string document)
    {
        var result = await ValidateAsync(fileName, document);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static async Task<CommandResult> ValidateAsync(string fileName, string document)
    {
        // A fresh clone has no node_modules yet: install the locked packages, as the integration tests do.
        await PromoServerless.TestStack.NodeModules.EnsureInstalledAsync();

        var folder = Directory.CreateTempSubdirectory("openapi-").FullName;
        try
        {
            var path = Path.Combine(folder, fileName);
            await File.WriteAllTextAsync(path, document, TestContext.Current.CancellationToken);
            return await CommandLine.RunAsync("node", [Script, path], CommandLine.RepositoryRoot, TimeSpan.FromMinutes(1));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
