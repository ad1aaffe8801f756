using Microsoft.Azure.Functions.Worker.Builder;
using PromoServerless.Functions.Hosting;
using PromoServerless.Functions;

// The isolated worker, as the Functions host starts it. Where no Functions host runs (locally, in tests),
// tests/FunctionsHost loads the same functions with the same services.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddApplicationServices();
builder.AddApplicationInsights();
builder.Build().Run();
