using PromoServerless.Benchmarks.Shopify;

// dotnet run -c Release --project tests/Benchmarks -- <benchmark> [--smoke]
var name = args.FirstOrDefault() ?? string.Empty;
var smoke = args.Contains("--smoke");
return name switch
{
    "shopify" => await ShopifyBenchmark.RunAsync(smoke),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PromoServerless.Benchmarks <shopify> [--smoke]");
    return 2;
}
