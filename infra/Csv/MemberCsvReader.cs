using System.Globalization;
using CsvHelper;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;

namespace PromoServerless.Infra.Csv;

/// <summary>Rows read from a member CSV, and the header columns that matched no member field.</summary>
public sealed record MemberCsv(IReadOnlyList<MemberImportRow> Rows, IReadOnlyList<string> IgnoredColumns);

/// <summary>
/// Reads a member import CSV. The first row is the header; column names are matched ignoring case, spaces,
/// '_' and '-' and accept common variants (first_name, First Name, given name...). Columns that match nothing
/// are ignored and reported, since exports from other tools carry extra columns. The separator (comma,
/// semicolon, tab or |) is detected. A row's number is the line it starts on, the header being line 1.
/// </summary>
public static class MemberCsvReader
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["name"] = nameof(MemberDraft.Name),
        ["fullname"] = nameof(MemberDraft.Name),
        ["displayname"] = nameof(MemberDraft.Name),
        ["membername"] = nameof(MemberDraft.Name),
        ["firstname"] = nameof(MemberDraft.FirstName),
        ["givenname"] = nameof(MemberDraft.FirstName),
        ["first"] = nameof(MemberDraft.FirstName),
        ["lastname"] = nameof(MemberDraft.LastName),
        ["surname"] = nameof(MemberDraft.LastName),
        ["familyname"] = nameof(MemberDraft.LastName),
        ["last"] = nameof(MemberDraft.LastName),
        ["email"] = nameof(MemberDraft.Email),
        ["emailaddress"] = nameof(MemberDraft.Email),
        ["mail"] = nameof(MemberDraft.Email),
        ["handle"] = nameof(MemberDraft.Handle),
        ["username"] = nameof(MemberDraft.Handle),
        ["socialhandle"] = nameof(MemberDraft.Handle),
        ["externalid"] = nameof(MemberDraft.ExternalId),
        ["extid"] = nameof(MemberDraft.ExternalId),
        ["externalreference"] = nameof(MemberDraft.ExternalId),
    };

    public static async Task<Validated<MemberCsv>> ReadAsync(Stream body, int maxRows, CancellationToken cancellationToken)
    {
        var options = new CsvReaderOptions
        {
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            IncludeValuesInExceptions = false,
            TrackLineNumbers = true,
        };
        await using var reader = CsvReader.Create(body, options, leaveOpen: true);
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
            var names = reader.Headers;
            if (names.Count == 0)
            {
                return Validated<MemberCsv>.Fail("", "The CSV is empty; send a header row and one row per member.");
            }

            var header = ReadHeader(names);
            if (!header.IsValid)
            {
                return Validated<MemberCsv>.Fail(header.Errors);
            }

            var (columns, ignored) = header.Value;
            var rows = new List<MemberImportRow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var draft = ToDraft(reader, columns);
                if (draft is null)
                {
                    continue;
                }

                if (rows.Count == maxRows)
                {
                    return Validated<MemberCsv>.Fail("", $"At most {maxRows:N0} members per import; split the file.");
                }

                rows.Add(new MemberImportRow(checked((int)reader.LineNumber), draft));
            }

            return Validated<MemberCsv>.Ok(new MemberCsv(rows, ignored));
        }
        catch (CsvFormatException ex)
        {
            return Validated<MemberCsv>.Fail("", ex.LineNumber > 0
                ? $"The CSV could not be read at line {ex.LineNumber}: check its quotes."
                : "The CSV could not be read: check its quotes.");
        }
    }

    private static Validated<(Dictionary<string, int> Columns, IReadOnlyList<string> Ignored)> ReadHeader(IReadOnlyList<string> header)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var ignored = new List<string>();
        var errors = new ErrorCollector();
        for (var i = 0; i < header.Count; i++)
        {
            var raw = header[i].Trim().TrimStart('\uFEFF');
            if (!Aliases.TryGetValue(Squash(raw), out var field))
            {
                if (raw.Length > 0)
                {
                    ignored.Add(raw);
                }

                continue;
            }

            if (!columns.TryAdd(field, i))
            {
                errors.Add("header", $"The columns \"{header[columns[field]]}\" and \"{raw}\" both give {char.ToLowerInvariant(field[0])}{field[1..]}; keep one.");
            }
        }

        if (!columns.ContainsKey(nameof(MemberDraft.Email)) && !columns.ContainsKey(nameof(MemberDraft.ExternalId)))
        {
            errors.Add("header", "The header row needs an email or external_id column (name, first_name, last_name, email, handle, external_id).");
        }

        return errors.ToResult<(Dictionary<string, int>, IReadOnlyList<string>)>(() => (columns, ignored));
    }

    /// <summary>The row as a draft; null for a row whose cells are all empty.</summary>
    private static MemberDraft? ToDraft(CsvReader reader, Dictionary<string, int> columns)
    {
        string? Cell(string field) =>
            columns.TryGetValue(field, out var index) && index < reader.FieldCount && reader.GetString(index) is { Length: > 0 } value ? value : null;

        var draft = new MemberDraft
        {
            Name = Cell(nameof(MemberDraft.Name)),
            FirstName = Cell(nameof(MemberDraft.FirstName)),
            LastName = Cell(nameof(MemberDraft.LastName)),
            Email = Cell(nameof(MemberDraft.Email)),
            Handle = Cell(nameof(MemberDraft.Handle)),
            ExternalId = Cell(nameof(MemberDraft.ExternalId)),
        };
        return draft == new MemberDraft() ? null : draft;
    }

    private static string Squash(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
