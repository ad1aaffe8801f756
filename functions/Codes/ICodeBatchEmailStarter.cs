using PromoServerless.Domain.Codes;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Starts emailing a finished generation's members their codes, when the batch was created with
/// <c>sendEmails</c>. Called every time the completing write is seen, so it must be idempotent per batch.
/// </summary>
public interface ICodeBatchEmailStarter
{
    Task StartAsync(CodeBatch batch, CancellationToken cancellationToken);
}
