using Azure;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Infra.Blobs;

/// <summary>
/// The request a generation was started with, as a blob per batch (<c>{brand}/{batch}.json</c>): a draft may
/// list up to 100,000 member ids, more than a table property holds. Written before the batch row, read by
/// the orchestration's planning.
/// </summary>
public sealed class CodeBatchDraftStore(StorageClients storage)
{
    public const string Container = "codebatchdrafts";

    private static string Name(BrandId brand, CodeBatchId batch) => $"{brand.Value}/{batch.Value}.json";

    /// <summary>Stores the draft; storing the same batch's draft again overwrites it with the same content.</summary>
    public async Task SaveAsync(BrandId brand, CodeBatchId batch, CodeBatchDraft draft, CancellationToken cancellationToken)
    {
        var blob = storage.BlobContainer(Container).GetBlobClient(Name(brand, batch));
        await blob.UploadAsync(BinaryData.FromObjectAsJson(draft, StorageJson.Options), overwrite: true, cancellationToken);
    }

    /// <summary>The stored draft, or null when none was stored for the batch.</summary>
    public async Task<CodeBatchDraft?> GetAsync(BrandId brand, CodeBatchId batch, CancellationToken cancellationToken)
    {
        var blob = storage.BlobContainer(Container).GetBlobClient(Name(brand, batch));
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<CodeBatchDraft>(StorageJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
