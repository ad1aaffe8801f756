using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Codes;

/// <summary>Timer <c>MaintainCodeBatches</c> (every minute): repairs stalled generations and moves codes' statuses with their dates.</summary>
public sealed class MaintainCodeBatchesFunction(CodeBatchRecovery recovery, CodeStatusRefresher statuses, ILogger<MaintainCodeBatchesFunction> logger) : ITimerFunction
{
    public async Task HandleAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        var refreshed = await statuses.RunAsync(cancellationToken);
        if (refreshed > 0)
        {
            logger.LogInformation("{Count} codes changed status with their dates.", refreshed);
        }

        var report = await recovery.RunAsync(cancellationToken);
        if (report is not { Dispatched: 0, Redriven: 0, Dropped: 0, ChunksFailed: 0 })
        {
            logger.LogWarning("Code batch recovery: {Report}", report);
        }
    }
}
