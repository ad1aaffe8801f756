using Microsoft.Extensions.DependencyInjection.Extensions;
using PromoServerless.Functions.Codes;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

public static class EmailSendServices
{
    /// <summary>Stores, preview, send start and dispatch, and the batch hook. The queue and timer functions are registered from the function table.</summary>
    public static IServiceCollection AddEmailSends(this IServiceCollection services)
    {
        services.AddSingleton<EmailSendStore>();
        services.AddSingleton<TemplateStore>();
        services.TryAddSingleton<IdempotencyStore>();
        services.AddSingleton<SendTemplateCache>();
        services.AddSingleton<SendContextLoader>();
        services.AddSingleton<RecipientResolver>();
        services.AddSingleton<RecipientEmailComposer>();
        services.AddSingleton<EmailPreviewer>();
        services.AddSingleton<EmailSendDispatcher>();
        services.AddSingleton<EmailSendProgress>();
        services.AddSingleton<EmailSendStarter>();
        services.AddSingleton<ICodeBatchEmailStarter, CodeBatchEmailStarter>();
        return services;
    }
}
