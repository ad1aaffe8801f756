using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Codes;

/// <summary>Timer <c>MaintainCodeBatches</c> (every minute): repairs stalled generations.</summary>
public sealed class MaintainCodeBatchesFunction(CodeBatchRecovery recovery, ILogger<MaintainCodeBatchesFunction> logger) : ITimerFunction
{
    public async Task HandleAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await recovery.RunAsync(cancellationToken);
        if (report is not { Dispatched: 0, Redriven: 0, Dropped: 0, ChunksFailed: 0 })
        {
            logger.LogWarning("Code batch recovery: {Report}", report);
        }
    }
}
