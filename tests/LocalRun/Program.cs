using System.Runtime.InteropServices;
using PromoServerless.LocalRun;
using PromoServerless.ShopifySimulator;

// dotnet run --project tests/LocalRun [-- --exit-after-demo]
// Starts Azurite, MailDev, the Shopify simulator and the functions app, runs the demo, prints where to look,
// and keeps everything running until Ctrl+C. Every process it started is stopped by its PID on the way out.
var exitAfterDemo = args.Contains("--exit-after-demo");
using var stop = new CancellationTokenSource();

// Ctrl+C, a closed terminal or a plain `kill` all end the run the same way: stop every child first.
void StopOnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, StopOnSignal);

Console.WriteLine("Starting Azurite, MailDev, the Shopify simulator and the functions app…");
await using var stack = await LocalStack.StartAsync();
Console.WriteLine($"   local functions host PID {stack.App.ProcessId}; the functions app runs under it as its own process, PID {string.Join(", ", stack.App.WorkerProcessIds)}");
const string shop = "glow-cosmetics.myshopify.com";
var token = "shpat_" + Guid.NewGuid().ToString("N");
const string webhookSecret = "demo-webhook-secret";
stack.Simulator.AddShop(new ShopConfig(shop, token, WebhookSecret: webhookSecret, WebhookUrl: new Uri(stack.App.BaseUri, "api/webhooks/shopify").ToString()));

var exitCode = 0;
try
{
    var apiKey = await new Demo(stack.App.BaseUri, stack.MailDev.WebUri, shop, token, webhookSecret).RunAsync(stop.Token);
    await new SalesDemo(stack.App.BaseUri, stack.Simulator.BaseUri, shop).RunAsync(apiKey, stop.Token);
    Console.WriteLine();
    Console.WriteLine("Explore:");
    Console.WriteLine($"   API reference        {stack.App.BaseUri}api/reference");
    Console.WriteLine($"   OpenAPI 3.1          {stack.App.BaseUri}api/openapi/v1.json");
    Console.WriteLine($"   Swagger 2.0          {stack.App.BaseUri}api/openapi/v1-swagger2.json");
    Console.WriteLine($"   MailDev inbox        {stack.MailDev.WebUri}");
    Console.WriteLine($"   Shopify (simulated)  {stack.Simulator.BaseUri}_sim/shops/{shop}");
    Console.WriteLine($"   Azurite              {stack.Azurite.ConnectionString}");
    Console.WriteLine($"   Brand API key        {apiKey}");
    Console.WriteLine($"   Operator key         {LocalStack.OperatorKey}");
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
{
    Console.Error.WriteLine("The demo failed: " + ex.Message);
    Console.Error.WriteLine(stack.App.Output);
    exitCode = 1;
}

if (!exitAfterDemo && exitCode == 0)
{
    Console.WriteLine();
    Console.WriteLine("Everything keeps running; press Ctrl+C to stop it all.");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }
}

return exitCode;
