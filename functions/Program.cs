var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => TypedResults.Ok(new { status = "ready" }));
app.Run();
