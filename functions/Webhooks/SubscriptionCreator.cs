using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Webhooks;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Tables;
using PromoServerless.Infra.Webhooks;

namespace PromoServerless.Functions.Webhooks;

/// <summary>Checks a subscription request, its host's addresses too, and stores it with a new secret (the secret first, so no delivery finds none).</summary>
public sealed class SubscriptionCreator(WebhookSubscriptionStore store, ISecretStore secrets, IOptions<WebhookOptions> options, TimeProvider time)
{
    public async Task<CreatedSubscription> CreateAsync(BrandId brand, WebhookSubscriptionDraft draft, CancellationToken cancellationToken)
    {
        var allowLoopback = options.Value.AllowLoopbackHttp;
        var validated = WebhookSubscriptionValidator.Validate(draft, allowLoopback);
        if (!validated.IsValid)
        {
            return new CreatedSubscription(null, null, validated.Errors);
        }

        var request = validated.Value;
        var check = await new WebhookAddressGuard(allowLoopback).CheckAsync(request.Url.DnsSafeHost, cancellationToken);
        if (check.Verdict != AddressVerdict.Allowed)
        {
            var message = check.Verdict == AddressVerdict.Unresolved
                ? "The URL's host does not resolve."
                : "The URL's host is or resolves to a private, loopback, link-local or cloud metadata address; events go to public addresses only.";
            return new CreatedSubscription(null, null, [new FieldError("url", message)]);
        }

        var subscription = new WebhookSubscription(WebhookSubscriptionId.New(), brand, request.Url, request.EventTypes, request.Description, SubscriptionStatus.Active, time.GetUtcNow());
        var secret = WebhookSignature.NewSecret();
        await secrets.SetAsync(brand, WebhookSubscriptionStore.SecretName(subscription.Id), secret, cancellationToken);
        await store.CreateAsync(subscription, cancellationToken);
        return new CreatedSubscription(subscription, secret, null);
    }
}

public sealed record CreatedSubscription(WebhookSubscription? Subscription, string? Secret, IReadOnlyList<FieldError>? Errors);
