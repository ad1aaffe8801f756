using System.ComponentModel.DataAnnotations;

namespace PromoServerless.Functions.Access;

public sealed class OperatorOptions
{
    public const string SectionName = "Operator";

    /// <summary>The operator's key, which manages brands. In Azure it is a Key Vault reference in app settings.</summary>
    [Required(ErrorMessage = "Operator:ApiKey is required: it is the key that creates brands.")]
    [MinLength(24, ErrorMessage = "Operator:ApiKey must be at least 24 characters.")]
    public string ApiKey { get; set; } = string.Empty;
}
