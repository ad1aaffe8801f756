using System.Text.Json;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Contract.Tests.CustomHandler;

public sealed class FunctionMetadataTests
{
    [Fact]
    public void WriteAll_ShouldWriteOneFunctionJsonPerTableEntry()
    {
        var folder = Directory.CreateTempSubdirectory("functions-").FullName;
        try
        {
            FunctionMetadataWriter.WriteAll(folder);
            var written = Directory.GetDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(FunctionTable.All.Select(f => f.Name).Order(StringComparer.Ordinal).ToArray(), written);
            foreach (var function in FunctionTable.All)
            {
                using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, function.Name, "function.json")));
                var bindings = json.RootElement.GetProperty("bindings");
                var trigger = bindings[0];
                Assert.Equal("in", trigger.GetProperty("direction").GetString());
                switch (function.Trigger)
                {
                    case HttpTrigger http:
                        // Forwarding needs exactly one httpTrigger and one http output.
                        Assert.Equal(2, bindings.GetArrayLength());
                        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                        Assert.Equal(http.Route, trigger.GetProperty("route").GetString());
                        Assert.Equal("http", bindings[1].GetProperty("type").GetString());
                        break;
                    case QueueTrigger queue:
                        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
                        Assert.Equal(queue.QueueName, trigger.GetProperty("queueName").GetString());
                        Assert.Equal(QueueTrigger.BindingName, trigger.GetProperty("name").GetString());
                        break;
                    case TimerTrigger timer:
                        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
                        Assert.Equal(6, timer.Schedule.Split(' ').Length);
                        break;
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void HostJson_ShouldDeclareTheCustomHandlerAndQueueSemanticsTheLocalHostUses()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var root = hostJson.RootElement;
        var handler = root.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("PromoServerless.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());

        var queues = root.GetProperty("extensions").GetProperty("queues");
        var defaults = new HostQueueOptions();
        Assert.Equal(defaults.BatchSize, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(defaults.NewBatchThreshold, queues.GetProperty("newBatchThreshold").GetInt32());
        Assert.Equal(defaults.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(defaults.VisibilityTimeout, TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }
}
