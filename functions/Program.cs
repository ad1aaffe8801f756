using PromoServerless.Functions;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Brands;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Health;
using PromoServerless.Functions.Hosting;
using PromoServerless.Functions.Members;
using PromoServerless.Functions.Offers;
using PromoServerless.Functions.Projects;

if (args is [FunctionMetadataWriter.CommandLineSwitch, var outputDirectory])
{
    FunctionMetadataWriter.WriteAll(outputDirectory);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHosting();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

// The Functions host polls this until the handler answers, before it forwards any invocation.
app.MapGet("/", () => TypedResults.Ok(new { status = "ready" })).ExcludeFromDescription().AllowAnonymous();
app.MapTriggerFunctions();
app.MapHealthApi();
app.MapBrandsApi();
app.MapCodeBatchesApi();
app.MapCodesApi();
app.MapOffersApi();
app.MapMembersApi();
app.MapProjectsApi();
app.MapApiDocuments();

app.Run();

