using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Emails;

/// <summary>Why a member of an email send gets no email.</summary>
public enum SkipReason
{
    /// <summary>The member has no code in the offer.</summary>
    NoCode,

    /// <summary>The member has no email address.</summary>
    NoEmail,

    /// <summary>The member's email address fails the address check.</summary>
    InvalidEmail,

    /// <summary>The member's code is deactivated, expired or failed, so the email would promise a code that does not work.</summary>
    CodeNotActive,

    /// <summary>No member of the brand has this id.</summary>
    MemberNotFound,
}

/// <summary>Where one recipient of an email send stands. Queued is the only state that changes.</summary>
public abstract record RecipientStatus
{
    private RecipientStatus()
    {
    }

    public abstract string Name { get; }

    public bool IsTerminal => this is not Queued;

    public static RecipientStatus Queue() => new Queued();

    public sealed record Queued : RecipientStatus
    {
        public override string Name => "Queued";
    }

    /// <summary>The SMTP server accepted the message; <see cref="MessageId"/> is the Message-ID header it carried.</summary>
    public sealed record Sent(DateTimeOffset SentAt, string MessageId) : RecipientStatus
    {
        public override string Name => "Sent";
    }

    /// <summary>Sending was refused for good (address rejected, message refused, template could not render).</summary>
    public sealed record Failed(string Reason) : RecipientStatus
    {
        public override string Name => "Failed";
    }

    public sealed record Skipped(SkipReason Reason) : RecipientStatus
    {
        public override string Name => "Skipped";
    }
}

/// <summary>Decides, when a send is started, whether a member is emailed or skipped.</summary>
public static class RecipientEligibility
{
    /// <param name="code">The member's code in the offer, if any.</param>
    /// <param name="email">The member's email address, if any.</param>
    /// <param name="codeIsLive">
    /// True when the code works now or will on its start date (Active or Scheduled); false when it is
    /// Pending, Deactivated, Expired or Failed.
    /// </param>
    public static RecipientStatus Decide(string? code, string? email, bool codeIsLive)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return new RecipientStatus.Skipped(SkipReason.NoCode);
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            return new RecipientStatus.Skipped(SkipReason.NoEmail);
        }

        if (!EmailAddress.IsValid(email))
        {
            return new RecipientStatus.Skipped(SkipReason.InvalidEmail);
        }

        return codeIsLive ? RecipientStatus.Queue() : new RecipientStatus.Skipped(SkipReason.CodeNotActive);
    }
}
