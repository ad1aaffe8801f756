using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

public static class CodeOperationServices
{
    public static IServiceCollection AddCodeOperations(this IServiceCollection services)
    {
        services.AddSingleton<CodeOperationStore>();
        services.AddHostedService<CodeOperationTableInitializer>();
        services.AddSingleton<DiscountCodeEditor>();
        services.AddSingleton<DiscountMover>();
        services.AddSingleton<ICodeOperationAction, RenameCodes>();
        services.AddSingleton<ICodeOperationAction, DeactivateCodes>();
        services.AddSingleton<ICodeOperationAction, ReactivateCodes>();
        services.AddSingleton<ICodeOperationAction, ChangeCodeDates>();
        services.AddSingleton<CodeOperationRunner>();
        return services;
    }
}

/// <summary>Creates the operations table at start-up, like the other tables, so request paths never do.</summary>
internal sealed class CodeOperationTableInitializer(CodeOperationStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.CreateTableAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
