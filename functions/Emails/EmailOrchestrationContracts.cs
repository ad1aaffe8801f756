namespace PromoServerless.Functions.Emails;

/// <summary>The email orchestration and the activity code generation uses to hand its members over to it.</summary>
public static class EmailOrchestrationNames
{
    /// <summary>Orchestrator; input <see cref="EmailSendRef"/>; its instance id is the send id.</summary>
    public const string SendEmails = "SendEmails";

    /// <summary>Activity; input <see cref="BatchEmailRequest"/>; output the send id, or null when no member of the batch gets an email. Idempotent per batch.</summary>
    public const string CreateBatchEmailSend = "CreateBatchEmailSend";
}

public sealed record EmailSendRef(string BrandId, string SendId);

public sealed record BatchEmailRequest(string BrandId, string BatchId);
