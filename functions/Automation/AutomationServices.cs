using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Automation;

public static class AutomationServices
{
    public static IServiceCollection AddAutomation(this IServiceCollection services)
    {
        services.AddOptions<AutomationOptions>().BindConfiguration(AutomationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StageTriggerStore>();
        services.AddSingleton<StageTriggerDispatcher>();
        services.AddSingleton<StageTriggerBatches>();
        return services;
    }
}
