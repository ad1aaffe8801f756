using Azure;
using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>A brand's saved template with the ETag to send back in If-Match.</summary>
public sealed record StoredTemplate(EmailTemplate Template, string ETag);

/// <summary>
/// Email templates: a brand's own per notification kind (PK brand, RK "brand" for the code email,
/// "brand|{Kind}" for each change notification) and the copy each send was made with (RK "send|{id}"). A template part may hold 100,000 characters but a table property at most 64 KiB of
/// UTF-16, so each part is cut into properties of <see cref="PieceLength"/> characters
/// (<c>HtmlBody0</c>, <c>HtmlBody1</c>, ...); the three parts together stay well under the 1 MiB entity limit.
/// </summary>
public sealed class TemplateStore(StorageClients storage)
{
    public const int PieceLength = 30_000;

    private const string BrandRow = "brand";
    private readonly TableClient _table = storage.Table(TableNames.EmailTemplates);

    public async Task<StoredTemplate?> GetBrandTemplateAsync(BrandId brand, NotificationKind kind, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(Keys.Brand(brand), BrandRowOf(kind), select: null, cancellationToken);
        return entity.HasValue ? new StoredTemplate(Read(entity.Value!), entity.Value!.ETag.ToString()) : null;
    }

    /// <summary>Saves the brand's template of that kind; with <paramref name="ifMatch"/>, only over that version (PreconditionFailed otherwise).</summary>
    public async Task<WriteResult> SaveBrandTemplateAsync(BrandId brand, NotificationKind kind, EmailTemplate template, string? ifMatch, CancellationToken cancellationToken)
    {
        var entity = Write(Keys.Brand(brand), BrandRowOf(kind), template);
        try
        {
            var response = ifMatch is null
                ? await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken)
                : await _table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken);
            return WriteResult.Ok(response.Headers.ETag?.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return WriteResult.PreconditionFailed;
        }
    }

    public async Task<bool> DeleteBrandTemplateAsync(BrandId brand, NotificationKind kind, CancellationToken cancellationToken)
    {
        var response = await _table.DeleteEntityAsync(Keys.Brand(brand), BrandRowOf(kind), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<EmailTemplate?> GetSendTemplateAsync(BrandId brand, EmailSendId send, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(Keys.Brand(brand), SendRow(send), select: null, cancellationToken);
        return entity.HasValue ? Read(entity.Value!) : null;
    }

    /// <summary>Stores the template a send uses; a copy stored already (an earlier attempt at the same send) is kept.</summary>
    public async Task SaveSendTemplateAsync(BrandId brand, EmailSendId send, EmailTemplate template, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(Write(Keys.Brand(brand), SendRow(send), template), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Written by the earlier attempt: the send's recipients were planned against that copy.
        }
    }

    /// <summary>The code email keeps the row it had before notifications could be customised.</summary>
    private static string BrandRowOf(NotificationKind kind) =>
        kind == NotificationKind.CodeReady ? BrandRow : BrandRow + Keys.Separator + kind;

    private static string SendRow(EmailSendId send) => "send" + Keys.Separator + send.Value;

    private static TableEntity Write(string partitionKey, string rowKey, EmailTemplate template)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        WritePart(entity, nameof(EmailTemplate.Subject), template.Subject);
        WritePart(entity, nameof(EmailTemplate.HtmlBody), template.HtmlBody);
        WritePart(entity, nameof(EmailTemplate.TextBody), template.TextBody);
        return entity;
    }

    private static EmailTemplate Read(TableEntity entity) => new(
        ReadPart(entity, nameof(EmailTemplate.Subject)),
        ReadPart(entity, nameof(EmailTemplate.HtmlBody)),
        ReadPart(entity, nameof(EmailTemplate.TextBody)));

    private static void WritePart(TableEntity entity, string name, string text)
    {
        var pieces = Split(text);
        entity[name + "Pieces"] = pieces.Count;
        for (var i = 0; i < pieces.Count; i++)
        {
            entity[name + i] = pieces[i];
        }
    }

    private static string ReadPart(TableEntity entity, string name)
    {
        var count = entity.GetInt32(name + "Pieces") ?? 0;
        return string.Concat(Enumerable.Range(0, count).Select(i => entity.GetString(name + i) ?? string.Empty));
    }

    /// <summary>Cuts text into pieces, never between the two halves of a surrogate pair.</summary>
    internal static List<string> Split(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(PieceLength, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }

            pieces.Add(text.Substring(start, length));
            start += length;
        }

        return pieces;
    }
}
