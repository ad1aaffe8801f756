namespace PromoServerless.Domain.Codes;

/// <summary>
/// One round of pushing a chunk to Shopify: the codes it sent and the bulk job Shopify started for them. The job id
/// is null when the start's answer was lost; the codes' outcome is then learnt by looking them up.
/// </summary>
public sealed record CodePushJob(int Chunk, int Round, string? BulkCreationId, IReadOnlyList<string> Codes);
