using PromoServerless.ShopifySimulator;

// Standalone: dotnet run --project tests/ShopifySimulator -- --urls http://127.0.0.1:5123
var app = ShopifySimulatorHost.Build(args, new SimulatorSettings { EnableLogging = true }, args.Contains("--urls") ? null : "http://127.0.0.1:5123");
app.Run();
