using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;

namespace PromoServerless.Domain.Emails;

/// <summary>A member asked for, with what was found: the member (null when no such member) and their code in the offer.</summary>
/// <param name="PreviousCode">The member's code before a rename, for a notification about it.</param>
public sealed record RecipientCandidate(MemberId MemberId, MemberProfile? Member, PromoCode? Code, string? PreviousCode = null);

/// <summary>Turns the members a send or preview names into recipients: emailed with their content, or skipped with the reason.</summary>
public static class RecipientPlanner
{
    /// <summary>A code worth announcing: it works now (Active) or will on its start date (Scheduled).</summary>
    public static bool CanBeEmailed(PromoCode code) => code.Status is PromoCodeStatus.Active or PromoCodeStatus.Scheduled;

    /// <summary>
    /// A code whose change is worth telling about: any code that exists in Shopify, whatever its status now (a
    /// deactivated or expired code is exactly what a deactivation or re-dating notification tells about).
    /// </summary>
    public static bool CanBeNotified(PromoCode code) => code.Status is not (PromoCodeStatus.Pending or PromoCodeStatus.Failed);

    /// <summary>Plans recipients in the given order; the position decides the chunk. A member named twice is planned once.</summary>
    public static IReadOnlyList<EmailRecipient> Plan(IEnumerable<RecipientCandidate> candidates, ActiveDateFormatter dates, DateTimeOffset now, NotificationKind kind = NotificationKind.CodeReady)
    {
        var seen = new HashSet<MemberId>();
        var planned = new List<EmailRecipient>();
        foreach (var candidate in candidates)
        {
            if (!seen.Add(candidate.MemberId))
            {
                continue;
            }

            var (status, content) = Decide(candidate, dates, kind);
            planned.Add(new EmailRecipient(candidate.MemberId, EmailSend.ChunkOf(planned.Count), candidate.Member?.Email?.Trim(), status, content, now));
        }

        return planned;
    }

    public static (RecipientStatus Status, RecipientContent? Content) Decide(RecipientCandidate candidate, ActiveDateFormatter dates, NotificationKind kind = NotificationKind.CodeReady)
    {
        if (candidate.Member is not { } member)
        {
            return (new RecipientStatus.Skipped(SkipReason.MemberNotFound), null);
        }

        var code = candidate.Code;
        var status = RecipientEligibility.Decide(code?.Code, member.Email, code is not null && (kind == NotificationKind.CodeReady ? CanBeEmailed(code) : CanBeNotified(code)));
        if (status is not RecipientStatus.Queued)
        {
            return (status, null);
        }

        var content = new RecipientContent(
            ToTemplateMember(member),
            code!.Code,
            dates.Format(code.StartsAt),
            code.EndsAt is { } end ? dates.Format(end) : null,
            candidate.PreviousCode);
        return (status, content);
    }

    public static TemplateMember ToTemplateMember(MemberProfile member)
    {
        var email = member.Email!.Trim();
        var handle = string.IsNullOrWhiteSpace(member.Handle) ? null : member.Handle;
        if (string.IsNullOrWhiteSpace(member.FirstName) && string.IsNullOrWhiteSpace(member.LastName))
        {
            return TemplateMember.FromFullName(member.Name, email, handle);
        }

        return new TemplateMember(member.Name.Trim(), member.FirstName?.Trim() ?? string.Empty, member.LastName?.Trim() ?? string.Empty, email, handle);
    }
}
