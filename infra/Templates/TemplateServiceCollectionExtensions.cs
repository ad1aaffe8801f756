using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PromoServerless.Infra.Templates;

public static class TemplateServiceCollectionExtensions
{
    /// <summary>Registers the Liquid sandbox (shared parse cache), the renderer and the validator as singletons.</summary>
    public static IServiceCollection AddEmailTemplates(this IServiceCollection services, TemplateSandboxOptions? limits = null)
    {
        services.TryAddSingleton(limits ?? new TemplateSandboxOptions());
        services.TryAddSingleton<LiquidSandbox>();
        services.TryAddSingleton<EmailTemplateRenderer>();
        services.TryAddSingleton<EmailTemplateValidator>();
        return services;
    }
}
