using System.ComponentModel.DataAnnotations;

namespace PromoServerless.Infra.Storage;

/// <summary>
/// Where tables and queues live. Locally a connection string (Azurite); in Azure the service URIs with a
/// managed identity, so no account key sits in app settings.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? BlobServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity; empty uses the default credential chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefix for table and queue names, so several environments can share an account (tests use one per run).</summary>
    [RegularExpression("^[a-z0-9]{0,12}$", ErrorMessage = "Storage:NamePrefix must be 0-12 lower-case letters or digits.")]
    public string NamePrefix { get; set; } = string.Empty;

    /// <summary>
    /// The queue Shopify webhook deliveries wait in, named by the app setting <c>ShopifyEventsQueue</c> that the queue
    /// trigger also reads, so sender and listener cannot disagree (tests give each run its own).
    /// </summary>
    [Required(ErrorMessage = "Set the app setting ShopifyEventsQueue (e.g. shopify-events): the queue trigger listens there.")]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$", ErrorMessage = "ShopifyEventsQueue must be a queue name: 3-56 lower-case letters, digits and single hyphens.")]
    public string ShopifyEventsQueue { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasUris = TableServiceUri is not null && QueueServiceUri is not null && BlobServiceUri is not null;
        if (!hasConnectionString && !hasUris)
        {
            yield return new ValidationResult(
                "Set Storage:ConnectionString, or Storage:TableServiceUri, Storage:QueueServiceUri and Storage:BlobServiceUri (managed identity).",
                [nameof(ConnectionString)]);
        }
    }
}
