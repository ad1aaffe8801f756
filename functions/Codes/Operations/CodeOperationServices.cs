using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

public static class CodeOperationServices
{
    /// <summary>The operation store and the actions the <c>RunCodeOperationChunk</c> activity runs.</summary>
    public static IServiceCollection AddCodeOperations(this IServiceCollection services)
    {
        services.AddSingleton<CodeOperationStore>();
        services.AddSingleton<DiscountCodeEditor>();
        services.AddSingleton<DiscountMover>();
        services.AddSingleton<ICodeOperationAction, RenameCodes>();
        services.AddSingleton<ICodeOperationAction, DeactivateCodes>();
        services.AddSingleton<ICodeOperationAction, ReactivateCodes>();
        services.AddSingleton<ICodeOperationAction, ChangeCodeDates>();
        return services;
    }
}
