using PromoServerless.Functions.Brands;
using PromoServerless.Functions.Codes.Operations;
using PromoServerless.Infra.Blobs;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

public static class CodeGenerationServices
{
    public static IServiceCollection AddCodeGeneration(this IServiceCollection services)
    {
        services.AddSingleton<BrandShops>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<CodeIndexStore>();
        services.AddSingleton<CodeBatchStore>();
        services.AddSingleton<CodePushJobStore>();
        services.AddSingleton<PromoCodeStore>();
        services.AddSingleton<CodeBatchFiles>();
        services.AddSingleton<CodeBatchPlanning>();
        services.AddSingleton<CodeBatchStarter>();
        services.AddSingleton<CodeChunks>();
        services.AddSingleton<CodeReservations>();
        services.AddSingleton<ChunkReserver>();
        services.AddSingleton<BatchDiscounts>();
        services.AddSingleton<ShopifyCodePusher>();
        services.AddSingleton<CodeChunkRecorder>();
        services.AddSingleton<ChunkPusher>();
        services.AddSingleton<CodeStatusRefresher>();
        services.AddCodeOperations();
        return services;
    }
}
