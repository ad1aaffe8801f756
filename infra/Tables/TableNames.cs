namespace PromoServerless.Infra.Tables;

public static class TableNames
{
    public const string Brands = "brands";
    public const string ApiKeys = "apikeys";
    public const string Secrets = "secrets";
    public const string Offers = "offers";
    public const string OfferNames = "offernames";
    public const string Members = "members";
    public const string MemberIdentities = "memberidentities";
    public const string Projects = "projects";
    public const string ProjectMembers = "projectmembers";
    public const string Codes = "codes";
    public const string CodeIndex = "codeindex";
    public const string Batches = "batches";
    public const string BatchItems = "batchitems";
    public const string CodePushJobs = "codepushjobs";
    public const string EmailSends = "emailsends";
    public const string EmailRecipients = "emailrecipients";
    public const string EmailTemplates = "emailtemplates";
    public const string Conversions = "conversions";
    public const string Aggregates = "aggregates";
    public const string Idempotency = "idempotency";
    public const string WebhookEvents = "webhookevents";
    public const string Shops = "shops";
    public const string CodeOperations = "codeoperations";
    public const string StageTriggers = "stagetriggers";
    public const string WebhookSubscriptions = "webhooksubscriptions";
    public const string WebhookDeliveries = "webhookdeliveries";
    public const string OutgoingEvents = "outgoingevents";
    public const string EventOutbox = "eventoutbox";

    public static IReadOnlyList<string> All { get; } =
    [
        Brands, ApiKeys, Secrets, Offers, OfferNames, Members, MemberIdentities, Projects, ProjectMembers, Codes, CodeIndex,
        Batches, BatchItems, CodePushJobs, EmailSends, EmailRecipients, EmailTemplates, Conversions, Aggregates, Idempotency, WebhookEvents, Shops, CodeOperations,
        StageTriggers,
        WebhookSubscriptions, WebhookDeliveries, OutgoingEvents, EventOutbox,
    ];
}
