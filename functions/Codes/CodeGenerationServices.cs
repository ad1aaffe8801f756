using PromoServerless.Functions.Brands;
using PromoServerless.Functions.Codes.Operations;
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
        services.AddSingleton<PromoCodeStore>();
        services.AddSingleton<CodeBatchPlanning>();
        services.AddSingleton<CodeBatchDispatcher>();
        services.AddSingleton<CodeChunkLoader>();
        services.AddSingleton<ChunkGuard>();
        services.AddSingleton<CodeReservations>();
        services.AddSingleton<BatchDiscounts>();
        services.AddSingleton<ShopifyCodePusher>();
        services.AddSingleton<CodeChunkRecorder>();
        services.AddSingleton<CodeBatchRecovery>();
        services.AddSingleton<CodeStatusRefresher>();
        services.AddCodeOperations();
        return services;
    }
}
