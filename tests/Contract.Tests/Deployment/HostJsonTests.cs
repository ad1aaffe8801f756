using System.Globalization;
using System.Text.Json.Nodes;

namespace PromoServerless.Contract.Tests.Deployment;

/// <summary>host.json configures the isolated-worker host and Durable's Azure Storage provider the way the deployment expects.</summary>
public sealed class HostJsonTests
{
    private static readonly JsonObject HostJson =
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(CommandLine.RepositoryRoot, "host.json")))!;

    [Fact]
    public void HostJson_ShouldNotConfigureACustomHandlerOrAnExtensionBundle()
    {
        // The Worker SDK ships the binding extensions (extensions.json, .azurefunctions/); bundles are for non-.NET apps.
        Assert.Null(HostJson["customHandler"]);
        Assert.Null(HostJson["extensionBundle"]);
        Assert.Equal("2.0", (string?)HostJson["version"]);
        Assert.Equal("api", (string?)HostJson["extensions"]!["http"]!["routePrefix"]);
    }

    [Fact]
    public void DurableTask_ShouldUseTheHostStorageAccountWithFourPartitionsAndShortVisibilityTimeouts()
    {
        var durable = HostJson["extensions"]!["durableTask"]!;
        Assert.False(string.IsNullOrWhiteSpace((string?)durable["hubName"]));

        var storage = durable["storageProvider"]!;
        // The same account (and identity) as the host: Bicep grants the roles on AzureWebJobsStorage__accountName.
        Assert.Equal("AzureWebJobsStorage", (string?)storage["connectionName"]);
        // Fixed once the task hub exists; 4 is Microsoft's default and our ADR's choice.
        Assert.Equal(4, (int?)storage["partitionCount"]);
        foreach (var timeout in new[] { "controlQueueVisibilityTimeout", "workItemQueueVisibilityTimeout" })
        {
            var value = TimeSpan.Parse((string)storage[timeout]!, CultureInfo.InvariantCulture);
            // Shorter than the 5-minute default, so work a lost instance held resumes within a minute.
            Assert.InRange(value, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));
        }

        Assert.InRange((int)durable["maxConcurrentActivityFunctions"]!, 1, 40);
        Assert.InRange((int)durable["maxConcurrentOrchestratorFunctions"]!, 1, 40);
    }

    [Fact]
    public void Queues_ShouldRetryAFailedMessageAFewTimesWithAPauseAndReadBase64()
    {
        var queues = HostJson["extensions"]!["queues"]!;

        // MessageQueue (infra) writes base64, as the Functions queue extension reads by default.
        Assert.Equal("base64", (string?)queues["messageEncoding"]);
        Assert.InRange((int)queues["maxDequeueCount"]!, 2, 10);
        Assert.True(TimeSpan.Parse((string)queues["visibilityTimeout"]!, CultureInfo.InvariantCulture) > TimeSpan.Zero);
        Assert.True((int)queues["newBatchThreshold"]! < (int)queues["batchSize"]!);
    }

    [Fact]
    public void ApplicationInsights_ShouldSampleButKeepEveryRequestAndException()
    {
        var sampling = HostJson["logging"]!["applicationInsights"]!["samplingSettings"]!;

        Assert.True((bool)sampling["isEnabled"]!);
        var excluded = ((string)sampling["excludedTypes"]!).Split(';');
        Assert.Contains("Request", excluded);
        Assert.Contains("Exception", excluded);
    }
}
