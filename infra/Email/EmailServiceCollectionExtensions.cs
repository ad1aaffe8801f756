using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromoServerless.Infra.Templates;

namespace PromoServerless.Infra.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers SMTP sending from <c>Email:Smtp</c> (validated at start-up) and the template services. The
    /// send rate is kept by the email orchestration with durable timers, not here. Singletons: the sender
    /// owns the shared SMTP connection.
    /// </summary>
    public static IServiceCollection AddEmailSending(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SmtpEmailSender>();
        services.TryAddSingleton<IEmailSender>(provider => provider.GetRequiredService<SmtpEmailSender>());
        services.AddEmailTemplates();
        return services;
    }
}
