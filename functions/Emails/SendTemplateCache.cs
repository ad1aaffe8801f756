using Microsoft.Extensions.Caching.Memory;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>A send's template never changes once stored, so each instance reads it once per send, not once per recipient.</summary>
public sealed class SendTemplateCache(TemplateStore templates, IMemoryCache cache)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);

    public async Task<EmailTemplate> GetAsync(BrandId brand, EmailSendId send, CancellationToken cancellationToken)
    {
        var key = ("email-send-template", brand, send);
        if (cache.TryGetValue(key, out EmailTemplate? cached) && cached is not null)
        {
            return cached;
        }

        var template = await templates.GetSendTemplateAsync(brand, send, cancellationToken)
            ?? throw new InvalidOperationException($"Email send {send} has no stored template.");
        cache.Set(key, template, new MemoryCacheEntryOptions { SlidingExpiration = KeepFor, Size = 1 });
        return template;
    }
}
