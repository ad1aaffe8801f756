using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;

namespace PromoServerless.Domain.Members;

/// <summary>Body of <c>POST /projects</c>.</summary>
public sealed record ProjectDraft
{
    public string? Name { get; init; }

    public string? Description { get; init; }
}

public sealed record ProjectDetails(string Name, string? Description)
{
    /// <summary>Case-insensitive, trimmed: for a per-brand uniqueness check.</summary>
    public string NameKey => Name.Trim().ToUpperInvariant();
}

public sealed record Project(ProjectId Id, BrandId BrandId, ProjectDetails Details, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public static class ProjectValidator
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;

    public static Validated<ProjectDetails> Validate(ProjectDraft? draft)
    {
        if (draft is null)
        {
            return Validated<ProjectDetails>.Fail("", "Send the project as a JSON object.");
        }

        var errors = new ErrorCollector();
        var name = TextRules.Required(errors, "name", draft.Name, MaxNameLength);
        var description = TextRules.Optional(errors, "description", draft.Description, MaxDescriptionLength, allowLineBreaks: true);
        return errors.ToResult(() => new ProjectDetails(name!, description));
    }
}
