using PromoServerless.Benchmarks.Email;
using PromoServerless.Benchmarks.Pipeline;
using PromoServerless.Benchmarks.Shopify;

// dotnet run -c Release --project tests/Benchmarks -- <benchmark> [--smoke]
// pipeline also takes --set Key=Value (app settings; Shopify:* ones apply to the client-alone runs too)
var name = args.FirstOrDefault() ?? string.Empty;
var smoke = args.Contains("--smoke");
return name switch
{
    "shopify" => await ShopifyBenchmark.RunAsync(smoke),
    "email" => await EmailBenchmark.RunAsync(args),
    "pipeline" => await PipelineBenchmark.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PromoServerless.Benchmarks <shopify|email|pipeline> [--smoke] [--set Key=Value ...]");
    return 2;
}
