using PromoServerless.Domain.Codes.Operations;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>The bulk code operation orchestration and its activities.</summary>
public static class CodeOperationNames
{
    /// <summary>Orchestrator; input <see cref="CodeOperationRef"/>; its instance id is the operation id.</summary>
    public const string RunCodeOperation = "RunCodeOperation";

    /// <summary>Activity; input <see cref="CodeOperationChunkRef"/>, output the chunk's <see cref="StepCounts"/>.</summary>
    public const string RunCodeOperationChunk = "RunCodeOperationChunk";

    /// <summary>Activity; input <see cref="CodeOperationEnd"/>: marks the operation completed, or failed with the reason.</summary>
    public const string FinishCodeOperation = "FinishCodeOperation";
}

public sealed record CodeOperationRef(string BrandId, string OperationId, CodeOperationAction Action, int Chunks);

public sealed record CodeOperationChunkRef(string BrandId, string OperationId, int Chunk);

/// <summary><see cref="FailureReason"/> null: every chunk ran to the end.</summary>
public sealed record CodeOperationEnd(string BrandId, string OperationId, string? FailureReason);
