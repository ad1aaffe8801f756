using PromoServerless.Domain.Common;

namespace PromoServerless.Functions.Codes;

/// <summary>The work item of both code queues: one chunk (up to 250 members) of one generation.</summary>
public sealed record CodeChunkMessage(string BrandId, string BatchId, int Chunk)
{
    public BrandId Brand => new(BrandId);

    public CodeBatchId Batch => new(BatchId);
}
