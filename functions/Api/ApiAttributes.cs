using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace PromoServerless.Functions.Api;

/// <summary>
/// The HTTP functions of one class form one API area: tagged with it in the documents and, unless <see cref="Keyed"/>
/// is off, open only to a caller with an API key (so each answers 401 without one and 403 without the scope).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ApiAreaAttribute(string tag) : Attribute
{
    public string Tag { get; } = tag;

    public bool Keyed { get; init; } = true;
}

/// <summary>The function needs a brand key holding this scope (a write scope also grants its read); several add up.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequireScopeAttribute(string scope) : AuthorizeAttribute(scope);

/// <summary>The function may answer this status with a ProblemDetails body.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesProblemAttribute(int statusCode) : Attribute, IProducesResponseTypeMetadata
{
    public Type? Type => typeof(ProblemDetails);

    public int StatusCode { get; } = statusCode;

    public string? Description => null;

    public IEnumerable<string> ContentTypes { get; } = ["application/problem+json"];
}

/// <summary>The function may answer 400 with a validation ProblemDetails naming each invalid field.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProducesValidationProblemAttribute : Attribute, IProducesResponseTypeMetadata
{
    public Type? Type => typeof(HttpValidationProblemDetails);

    public int StatusCode => StatusCodes.Status400BadRequest;

    public string? Description => null;

    public IEnumerable<string> ContentTypes { get; } = ["application/problem+json"];
}
