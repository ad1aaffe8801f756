namespace PromoServerless.Infra.Templates;

/// <summary>Thrown inside a render when the template crosses a sandbox limit; the renderer turns it into a failed result.</summary>
internal sealed class TemplateLimitExceededException(string message) : Exception(message);
