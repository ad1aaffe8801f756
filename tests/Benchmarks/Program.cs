using PromoServerless.Benchmarks.Email;
using PromoServerless.Benchmarks.Pipeline;
using PromoServerless.Benchmarks.Shopify;
using PromoServerless.Benchmarks.Templates;

// dotnet run -c Release --project tests/Benchmarks -- <benchmark> [--smoke]
// pipeline and sales also take --set Key=Value (app settings; in pipeline Shopify:* ones apply to the client-alone runs too);
// sales takes --seconds N (how long the webhooks are posted)
var name = args.FirstOrDefault() ?? string.Empty;
var smoke = args.Contains("--smoke");
return name switch
{
    "shopify" => await ShopifyBenchmark.RunAsync(smoke),
    "email" => await EmailBenchmark.RunAsync(args),
    "pipeline" => await PipelineBenchmark.RunAsync(args),
    "templates" => await TemplateEngineBenchmark.RunAsync(smoke),
    "sales" => await PromoServerless.Benchmarks.Sales.SalesBenchmark.RunAsync(args),
    "recovery" => await PromoServerless.Benchmarks.Recovery.RecoveryBenchmark.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PromoServerless.Benchmarks <shopify|email|pipeline|templates|sales|recovery> [--smoke] [--set Key=Value ...]");
    return 2;
}
