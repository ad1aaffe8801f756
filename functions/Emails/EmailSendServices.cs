using Microsoft.Extensions.DependencyInjection.Extensions;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

public static class EmailSendServices
{
    /// <summary>Stores, preview, recording a send, and what the email orchestration's activities use.</summary>
    public static IServiceCollection AddEmailSends(this IServiceCollection services)
    {
        services.AddOptions<EmailSendOptions>().BindConfiguration(EmailSendOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmailSendStore>();
        services.AddSingleton<TemplateStore>();
        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<CodeBatchStore>();
        services.AddSingleton<SendTemplateCache>();
        services.AddSingleton<SendContextLoader>();
        services.AddSingleton<RecipientResolver>();
        services.AddSingleton<RecipientEmailComposer>();
        services.AddSingleton<EmailPreviewer>();
        services.AddSingleton<EmailSendRecorder>();
        services.AddSingleton<CodeChangeNotifier>();
        services.AddSingleton<EmailSendPlanner>();
        services.AddSingleton<EmailSendProgress>();
        services.AddSingleton<RecipientOutcomeWriters>();
        services.AddSingleton<EmailChunkSender>();
        return services;
    }
}
