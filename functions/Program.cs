using Microsoft.Azure.Functions.Worker.Builder;
using PromoServerless.Functions.Hosting;
using PromoServerless.Functions;
using PromoServerless.Functions.Api;

// The isolated worker, as the Functions host starts it (in Azure, under func start, and under the local host in
// tests/FunctionsHost, which speaks the same protocol to it).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ApiFunctionMiddleware>();
builder.UseMiddleware<ActivityRetryScope>();
builder.AddApplicationServices();
builder.AddTelemetry();
builder.Build().Run();
