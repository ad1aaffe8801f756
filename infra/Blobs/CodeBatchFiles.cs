using System.Globalization;
using Azure;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Infra.Blobs;

/// <summary>
/// A generation's files, as blobs under <c>{brand}/{batch}/</c>: the request it was started with
/// (<c>draft.json</c>: a draft may list 100,000 member ids, more than a table property holds) and its plan, one
/// blob per chunk (<c>plan-00000.json</c>): one write per chunk instead of a table row per member, read once
/// by the chunk's reservation, which writes the items.
/// </summary>
public sealed class CodeBatchFiles(StorageClients storage)
{
    public const string Container = "codebatches";

    private static string Folder(BrandId brand, CodeBatchId batch) => $"{brand.Value}/{batch.Value}/";

    /// <summary>Stores the draft; storing the same batch's draft again overwrites it with the same content.</summary>
    public Task SaveDraftAsync(BrandId brand, CodeBatchId batch, CodeBatchDraft draft, CancellationToken cancellationToken) =>
        SaveAsync(Folder(brand, batch) + "draft.json", draft, cancellationToken);

    /// <summary>The stored draft, or null when none was stored for the batch.</summary>
    public Task<CodeBatchDraft?> GetDraftAsync(BrandId brand, CodeBatchId batch, CancellationToken cancellationToken) =>
        GetAsync<CodeBatchDraft>(Folder(brand, batch) + "draft.json", cancellationToken);

    /// <summary>Stores one chunk's planned items; planning again overwrites them.</summary>
    public Task SavePlanAsync(BrandId brand, CodeBatchId batch, int chunk, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken) =>
        SaveAsync(PlanName(brand, batch, chunk), items, cancellationToken);

    /// <summary>One chunk's planned items; empty when the chunk has no plan.</summary>
    public async Task<IReadOnlyList<BatchItem>> GetPlanAsync(BrandId brand, CodeBatchId batch, int chunk, CancellationToken cancellationToken) =>
        await GetAsync<BatchItem[]>(PlanName(brand, batch, chunk), cancellationToken) ?? [];

    private static string PlanName(BrandId brand, CodeBatchId batch, int chunk) =>
        Folder(brand, batch) + "plan-" + chunk.ToString("D5", CultureInfo.InvariantCulture) + ".json";

    private async Task SaveAsync<T>(string name, T content, CancellationToken cancellationToken) =>
        await storage.BlobContainer(Container).GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(content, StorageJson.Options), overwrite: true, cancellationToken);

    private async Task<T?> GetAsync<T>(string name, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = await storage.BlobContainer(Container).GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>(StorageJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
