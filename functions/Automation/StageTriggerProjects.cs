using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Automation;

/// <summary>Checks that every stage trigger of an offer names one of the brand's own projects (another brand's reads as unknown).</summary>
public static class StageTriggerProjects
{
    public static async Task<IReadOnlyList<FieldError>> FindUnknownAsync(BrandId brand, OfferDefinition definition, ProjectStore projects, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        for (var i = 0; i < definition.StageTriggers.Count; i++)
        {
            if (await projects.GetAsync(brand, definition.StageTriggers[i].ProjectId, cancellationToken) is null)
            {
                errors.Add(new FieldError($"stageTriggers[{i}].projectId", "No project of this brand has this id."));
            }
        }

        return errors;
    }
}
