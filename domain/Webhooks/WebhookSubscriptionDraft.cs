using System.Net;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;

namespace PromoServerless.Domain.Webhooks;

/// <summary>A subscription as a client asks for it. Event types travel by their wire names.</summary>
public sealed record WebhookSubscriptionDraft(string? Url, IReadOnlyList<string?>? EventTypes, string? Description);

public sealed record WebhookSubscriptionRequest(Uri Url, IReadOnlyList<EventType> EventTypes, string? Description);

public static class WebhookSubscriptionValidator
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    /// <summary>
    /// Checks the shape of the request: an absolute https URL without credentials (http only to a loopback host when
    /// <paramref name="allowLoopbackHttp"/>), known event types. Whether the host's addresses may be called is the
    /// address guard's question, asked at creation and again at every delivery.
    /// </summary>
    public static Validated<WebhookSubscriptionRequest> Validate(WebhookSubscriptionDraft? draft, bool allowLoopbackHttp)
    {
        var errors = new ErrorCollector();
        if (draft is null)
        {
            return Validated<WebhookSubscriptionRequest>.Fail("$", "A JSON body is required.");
        }

        var url = CheckUrl(draft.Url, allowLoopbackHttp, errors);
        var types = new List<EventType>();
        if (draft.EventTypes is not { Count: > 0 })
        {
            errors.Add("eventTypes", "Name at least one event type: " + string.Join(", ", Events.EventTypes.All.Select(t => t.WireName())) + ".");
        }
        else
        {
            for (var i = 0; i < draft.EventTypes.Count; i++)
            {
                if (!Events.EventTypes.TryParse(draft.EventTypes[i], out var type))
                {
                    errors.Add($"eventTypes[{i}]", $"'{draft.EventTypes[i]}' is not an event type; use one of " + string.Join(", ", Events.EventTypes.All.Select(t => t.WireName())) + ".");
                }
                else if (!types.Contains(type))
                {
                    types.Add(type);
                }
            }
        }

        if (draft.Description is { Length: > MaxDescriptionLength })
        {
            errors.Add("description", $"At most {MaxDescriptionLength} characters.");
        }

        return errors.ToResult(() => new WebhookSubscriptionRequest(url!, types, string.IsNullOrWhiteSpace(draft.Description) ? null : draft.Description.Trim()));
    }

    private static Uri? CheckUrl(string? text, bool allowLoopbackHttp, ErrorCollector errors)
    {
        const string field = "url";
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "The URL to send events to is required.");
            return null;
        }

        if (text.Length > MaxUrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            errors.Add(field, $"An absolute https URL of at most {MaxUrlLength} characters is required.");
            return null;
        }

        if (!string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment))
        {
            errors.Add(field, "The URL may not carry credentials or a fragment; sign requests with the subscription's secret instead.");
            return null;
        }

        var loopbackHttp = url.Scheme == Uri.UriSchemeHttp && allowLoopbackHttp && IsLoopbackHost(url);
        if (url.Scheme != Uri.UriSchemeHttps && !loopbackHttp)
        {
            errors.Add(field, "The URL must use https.");
            return null;
        }

        return url;
    }

    private static bool IsLoopbackHost(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
