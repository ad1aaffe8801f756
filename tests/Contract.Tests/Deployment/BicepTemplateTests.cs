using System.Text.Json.Nodes;
using MailKit.Security;
using PromoServerless.Functions.Access;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Contract.Tests.Deployment;

/// <summary>infra/azure compiles and lints clean with the pinned Bicep CLI, and says what the app and the host need.</summary>
public sealed class BicepTemplateTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(SecretUri=";

    [Fact]
    public void Build_WhenCompilingMainBicep_ShouldSucceedWithoutDiagnostics()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.ToString());
        Assert.True(compiled.Build.Error.Trim().Length == 0 && compiled.Build.Output.Trim().Length == 0, compiled.Build.ToString());
        Assert.NotEmpty(CompiledTemplate.Resources(compiled.Template));
    }

    [Fact]
    public async Task Lint_WhenLintingMainBicep_ShouldReportNothing()
    {
        var lint = await CompiledTemplate.RunBicepAsync(["lint", "main.bicep"]);

        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.True(lint.Error.Trim().Length == 0 && lint.Output.Trim().Length == 0, lint.ToString());
    }

    [Fact]
    public async Task BuildParams_WhenTheSampleParametersAreBuilt_ShouldSucceedAndKeepSecretsOutOfTheFile()
    {
        const string operatorKey = "sample-operator-key-0123456789abcdef";
        var build = await CompiledTemplate.RunBicepAsync(
            ["build-params", "main.bicepparam", "--stdout"],
            new Dictionary<string, string> { ["PROMO_OPERATOR_API_KEY"] = operatorKey });

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(build.Error.Trim().Length == 0, build.ToString());
        var parameters = JsonNode.Parse(JsonNode.Parse(build.Output)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal(operatorKey, (string?)parameters["operatorApiKey"]!["value"]);
        Assert.DoesNotContain(operatorKey, await File.ReadAllTextAsync(Path.Combine(CommandLine.AzureFolder, "main.bicepparam"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void FunctionApp_WhenCompiled_ShouldRunDotnetIsolated10OnFlexConsumptionByDefault()
    {
        var mainParameters = compiled.Template["parameters"]!;
        Assert.Equal("FlexConsumption", (string?)mainParameters["hostingPlan"]!["defaultValue"]);

        var module = compiled.Module("functionApp");
        var plan = CompiledTemplate.Resource(module, "Microsoft.Web/serverfarms");
        var planText = string.Join('\n', CompiledTemplate.Strings(plan["sku"]));
        Assert.Contains("createObject('name', 'FC1', 'tier', 'FlexConsumption')", planText, StringComparison.Ordinal);

        var site = CompiledTemplate.Resource(module, "Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        var flexConfig = (string?)site["properties"]!["functionAppConfig"];
        Assert.NotNull(flexConfig);
        Assert.Contains("'runtime', createObject('name', 'dotnet-isolated', 'version', '10.0')", flexConfig, StringComparison.Ordinal);
        Assert.Contains("'type', 'blobContainer'", flexConfig, StringComparison.Ordinal);
        Assert.Contains("'authentication', createObject('type', 'UserAssignedIdentity'", flexConfig, StringComparison.Ordinal);

        // The Elastic Premium alternative names the same runtime the way that plan reads it.
        var settings = CompiledTemplate.AppSettings(module);
        Assert.Equal("'dotnet-isolated'", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("'~4'", settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.Contains("DOTNET-ISOLATED|10.0", (string?)site["properties"]!["siteConfig"]!["linuxFxVersion"], StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_WhenCompiled_ShouldKeepOneDurableInstanceAlwaysReadyOnTwoCoreInstances()
    {
        var mainParameters = compiled.Template["parameters"]!;
        Assert.Equal(1, (int?)mainParameters["durableAlwaysReadyInstances"]!["defaultValue"]);
        // host.json's Durable concurrency is sized for 2 cores, which Flex gives 4096 MB instances.
        Assert.Equal(4096, (int?)mainParameters["instanceMemoryMB"]!["defaultValue"]);

        var flexConfig = (string?)CompiledTemplate.Resource(compiled.Module("functionApp"), "Microsoft.Web/sites")["properties"]!["functionAppConfig"];
        Assert.Contains("'alwaysReady', if(greater(parameters('durableAlwaysReadyInstances'), 0), createArray(createObject('name', 'durable', 'instanceCount', parameters('durableAlwaysReadyInstances')))", flexConfig, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_WhenCompiled_ShouldReachHostStorageWithTheIdentityAndCarryNoKey()
    {
        var module = compiled.Module("functionApp");
        var settings = CompiledTemplate.AppSettings(module);

        // The host and Durable's Azure Storage provider (connectionName AzureWebJobsStorage) on the same account, by identity.
        Assert.Equal("'managedidentity'", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("parameters('identityClientId')", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("parameters('storageAccountName')", settings["AzureWebJobsStorage__accountName"]);

        // No connection-string form of host or app storage, no Azure Files content share (it needs a key).
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain(settings.Keys, k => k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && k != "APPLICATIONINSIGHTS_CONNECTION_STRING");
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("WEBSITE_CONTENT", StringComparison.Ordinal) || k == "DEPLOYMENT_STORAGE_CONNECTION_STRING");

        // Nothing anywhere in the deployment reads a storage key or builds a key-bearing connection string.
        var everything = string.Join('\n', CompiledTemplate.Strings(compiled.Template));
        foreach (var keyMarker in new[] { "listKeys", "listAccountSas", "listServiceSas", "AccountKey=", "DefaultEndpointsProtocol", "SharedAccessSignature=" })
        {
            Assert.DoesNotContain(keyMarker, everything, StringComparison.OrdinalIgnoreCase);
        }

        var account = CompiledTemplate.Resource(compiled.Module("storage"), "Microsoft.Storage/storageAccounts");
        Assert.False((bool)account["properties"]!["allowSharedKeyAccess"]!);
        Assert.False((bool)account["properties"]!["allowBlobPublicAccess"]!);
    }

    [Fact]
    public void AppSettings_WhenCompiled_ShouldSendTelemetryToApplicationInsightsWithTheIdentity()
    {
        var settings = CompiledTemplate.AppSettings(compiled.Module("functionApp"));

        Assert.EndsWith(".ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_WhenCompiled_ShouldSetEverySettingTheAppReadsInAzure()
    {
        var module = compiled.Module("functionApp");
        var settings = CompiledTemplate.AppSettings(module);
        static string Setting(string section, string key) => $"{section.Replace(":", "__", StringComparison.Ordinal)}__{key}";

        Assert.EndsWith(".primaryEndpoints.table", settings[Setting(StorageOptions.SectionName, nameof(StorageOptions.TableServiceUri))], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.queue", settings[Setting(StorageOptions.SectionName, nameof(StorageOptions.QueueServiceUri))], StringComparison.Ordinal);
        Assert.Equal("parameters('identityClientId')", settings[Setting(StorageOptions.SectionName, nameof(StorageOptions.ManagedIdentityClientId))]);
        Assert.DoesNotContain(Setting(StorageOptions.SectionName, nameof(StorageOptions.ConnectionString)), settings.Keys);

        Assert.Equal("parameters('keyVaultUri')", settings[Setting(SecretsOptions.SectionName, nameof(SecretsOptions.KeyVaultUri))]);
        Assert.DoesNotContain(Setting(SecretsOptions.SectionName, nameof(SecretsOptions.EncryptionKey)), settings.Keys);
        // DefaultAzureCredential (the Key Vault secret store) needs to be told which user-assigned identity to use.
        Assert.Equal("parameters('identityClientId')", settings["AZURE_CLIENT_ID"]);

        Assert.Contains(KeyVaultReference, settings[Setting(OperatorOptions.SectionName, nameof(OperatorOptions.ApiKey))], StringComparison.Ordinal);

        Assert.Equal("'smtp.azurecomm.net'", settings[Setting(SmtpOptions.SectionName, nameof(SmtpOptions.Host))]);
        Assert.Equal("'587'", settings[Setting(SmtpOptions.SectionName, nameof(SmtpOptions.Port))]);
        var secureSocket = settings[Setting(SmtpOptions.SectionName, nameof(SmtpOptions.SecureSocketOptions))];
        Assert.Equal(SecureSocketOptions.StartTls, Enum.Parse<SecureSocketOptions>(secureSocket.Trim('\'')));
        Assert.Contains("DoNotReply@", compiled.Template.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("parameters('senderAddress')", settings[Setting(SmtpOptions.SectionName, nameof(SmtpOptions.FromAddress))]);
        Assert.Contains(KeyVaultReference, settings[Setting(SmtpOptions.SectionName, nameof(SmtpOptions.UserName))], StringComparison.Ordinal);
        Assert.Contains(KeyVaultReference, settings[Setting(SmtpOptions.SectionName, nameof(SmtpOptions.Password))], StringComparison.Ordinal);

        // Key Vault references resolve with the same user-assigned identity.
        var site = CompiledTemplate.Resource(module, "Microsoft.Web/sites");
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
    }

    [Fact]
    public void RoleAssignments_WhenCompiled_ShouldGrantTheIdentityEveryDataRoleItUses()
    {
        var roles = string.Join('\n', CompiledTemplate.Strings(compiled.Module("roles")));
        var expected = new Dictionary<string, string>
        {
            ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
            ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
            ["Storage Queue Data Message Processor"] = "8a0f0c08-91a1-4084-bc3d-661d67233fed",
            ["Storage Queue Data Message Sender"] = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a",
            ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
            ["Key Vault Secrets Officer"] = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
            ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
        };
        foreach (var (role, id) in expected)
        {
            Assert.True(roles.Contains(id, StringComparison.Ordinal), $"{role} ({id}) is not assigned.");
        }

        var vault = CompiledTemplate.Resource(compiled.Module("keyVault"), "Microsoft.KeyVault/vaults");
        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
        Assert.Null(vault["properties"]!["accessPolicies"]);
    }

    [Fact]
    public void Email_WhenCompiled_ShouldLinkAnAzureManagedDomainToCommunicationServices()
    {
        var email = compiled.Module("email");
        var domain = CompiledTemplate.Resource(email, "Microsoft.Communication/emailServices/domains");
        Assert.Equal("AzureManaged", (string?)domain["properties"]!["domainManagement"]);

        var communication = CompiledTemplate.Resource(email, "Microsoft.Communication/communicationServices");
        var linked = string.Join('\n', CompiledTemplate.Strings(communication["properties"]!["linkedDomains"]));
        Assert.Contains("Microsoft.Communication/emailServices/domains", linked, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_WhenCompiled_ShouldNameTheAppItsHostAndTheIdentityClientId()
    {
        var outputs = compiled.Template["outputs"]!.AsObject();
        foreach (var name in new[] { "functionAppName", "functionAppHostName", "identityClientId" })
        {
            Assert.True(outputs.ContainsKey(name), $"output {name} is missing.");
            Assert.Equal("string", (string?)outputs[name]!["type"]);
        }
    }
}
