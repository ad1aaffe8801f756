using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Emails;

/// <summary>A template as clients send it: Liquid subject, HTML body and plain-text body.</summary>
public sealed record TemplateRequest(string? Subject, string? HtmlBody, string? TextBody)
{
    public EmailTemplate ToTemplate() => new(Subject ?? string.Empty, HtmlBody ?? string.Empty, TextBody ?? string.Empty);
}

/// <summary><see cref="IsDefault"/> is true while the brand has not saved a template of its own.</summary>
public sealed record TemplateResponse(string Subject, string HtmlBody, string TextBody, bool IsDefault)
{
    public static TemplateResponse From(EmailTemplate template, bool isDefault) => new(template.Subject, template.HtmlBody, template.TextBody, isDefault);
}

/// <summary>Either <see cref="MemberIds"/> or <see cref="AllWithActiveCode"/>; <see cref="Template"/> overrides the brand's for this preview.</summary>
public sealed record PreviewRequest(
    IReadOnlyList<string>? MemberIds,
    bool? AllWithActiveCode,
    TemplateRequest? Template,
    int? PageSize,
    string? ContinuationToken,
    NotificationKind? Notification = null);

public enum PreviewStatus
{
    /// <summary>Would be sent as shown.</summary>
    Ready,

    /// <summary>Would get no email; see the skip reason.</summary>
    Skipped,

    /// <summary>The template fails for this member (e.g. a loop limit); the send would record it as failed.</summary>
    RenderFailed,
}

/// <summary>One member's email as it would be sent.</summary>
public sealed record EmailPreview(
    string MemberId,
    string? Email,
    PreviewStatus Status,
    SkipReason? SkipReason = null,
    string? Subject = null,
    string? Html = null,
    string? Text = null,
    string? Problem = null);

/// <summary>Either <see cref="MemberIds"/> or <see cref="AllWithActiveCode"/>; <see cref="SendAt"/> in the future schedules the send.</summary>
public sealed record EmailSendRequest(
    IReadOnlyList<string>? MemberIds,
    bool? AllWithActiveCode,
    TemplateRequest? Template,
    DateTimeOffset? SendAt);

public enum RecipientState
{
    Queued,
    Sent,
    Failed,
    Skipped,
}

public sealed record RecipientResponse(
    string MemberId,
    string? Email,
    RecipientState Status,
    SkipReason? SkipReason,
    string? FailureReason,
    string? MessageId,
    DateTimeOffset? SentAt)
{
    public static RecipientResponse From(EmailRecipient r) => new(
        r.MemberId.Value,
        r.Email,
        Enum.Parse<RecipientState>(r.Status.Name),
        (r.Status as RecipientStatus.Skipped)?.Reason,
        (r.Status as RecipientStatus.Failed)?.Reason,
        (r.Status as RecipientStatus.Sent)?.MessageId,
        (r.Status as RecipientStatus.Sent)?.SentAt);
}

/// <summary>A send's status resource. <see cref="Recipients"/> is one page of per-recipient results (absent in the 202 answer).</summary>
public sealed record EmailSendResponse(
    string Id,
    string OfferId,
    EmailSendStatus Status,
    EmailSendCounts Counts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    DateTimeOffset? CompletedAt,
    string Origin,
    PagedResponse<RecipientResponse>? Recipients = null)
{
    public static EmailSendResponse From(EmailSend send, DateTimeOffset now, PagedResponse<RecipientResponse>? recipients = null) => new(
        send.Id.Value, send.OfferId.Value, send.StatusAt(now), send.Counts, send.CreatedAt, send.SendAt, send.CompletedAt, send.Origin, recipients);
}
