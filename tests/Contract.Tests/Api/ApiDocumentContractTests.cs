using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using PromoServerless.Functions.Api;

namespace PromoServerless.Contract.Tests.Api;

/// <summary>
/// The served OpenAPI 3.1 and Swagger 2.0 documents describe exactly the HTTP functions the Functions host serves
/// (functions.metadata), each at its path and method, named as the function, with its problem answers.
/// </summary>
public sealed partial class ApiDocumentContractTests(InProcessApp documents) : IClassFixture<InProcessApp>
{
    /// <summary>The functions that serve the documents themselves; they are not API operations.</summary>
    private static readonly HashSet<string> DocumentationFunctions = [ApiDocuments.OpenApiOperation, ApiDocuments.ReferenceOperation];

    private static readonly HashSet<string> HttpMethodNames = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    public static TheoryData<string> DocumentKinds => [OpenApi31, Swagger20];

    private const string OpenApi31 = "OpenAPI 3.1";
    private const string Swagger20 = "Swagger 2.0";

    private static HttpFunction[] ApiFunctions { get; } =
        FunctionsMetadata.HttpFunctions().Where(f => !DocumentationFunctions.Contains(f.Name)).ToArray();

    [Fact]
    public void Documents_ShouldBeTheVersionsTheirNamesPromise()
    {
        Assert.StartsWith("3.1.", (string?)documents.OpenApi["openapi"], StringComparison.Ordinal);
        Assert.Equal("2.0", (string?)documents.Swagger["swagger"]);
        Assert.NotEmpty(ApiFunctions);
    }

    [Theory]
    [MemberData(nameof(DocumentKinds))]
    public void EveryHttpFunction_ShouldAppearAtItsPathAndMethodNamedAsTheFunction(string kind)
    {
        var operations = Operations(Document(kind));
        var missing = new List<string>();
        foreach (var function in ApiFunctions)
        {
            foreach (var method in function.Methods)
            {
                var key = (RoutePath(function.Path), method);
                if (!operations.TryGetValue(key, out var operation))
                {
                    missing.Add($"{function.Name}: {method.ToUpperInvariant()} {function.Path} is not in the document");
                }
                else if ((string?)operation["operationId"] != function.Name)
                {
                    missing.Add($"{function.Name}: {method.ToUpperInvariant()} {function.Path} has operationId '{operation["operationId"]}'");
                }
            }
        }

        Assert.True(missing.Count == 0, $"{kind}:\n" + string.Join('\n', missing));
    }

    [Theory]
    [MemberData(nameof(DocumentKinds))]
    public void Documents_ShouldDescribeNothingButTheHttpFunctions(string kind)
    {
        var served = ApiFunctions.SelectMany(f => f.Methods.Select(m => $"{m.ToUpperInvariant()} {RoutePath(f.Path)}")).ToHashSet(StringComparer.Ordinal);
        var documented = Operations(Document(kind)).Keys.Select(k => $"{k.Method.ToUpperInvariant()} {k.Path}").ToHashSet(StringComparer.Ordinal);

        Assert.Empty(documented.Except(served).Order(StringComparer.Ordinal));
        Assert.Empty(served.Except(documented).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryHttpFunction_ShouldRunTheEndpointOfItsNameAtTheSameRouteAndMethod()
    {
        foreach (var function in ApiFunctions)
        {
            var endpoint = Endpoint(function.Name);
            Assert.Equal(RoutePath(function.Path), RoutePath("/" + endpoint.RoutePattern.RawText!.TrimStart('/')));
            var endpointMethods = (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m.ToLowerInvariant()).Order();
            Assert.Equal(function.Methods.Order(), endpointMethods);
        }
    }

    [Theory]
    [MemberData(nameof(DocumentKinds))]
    public void EveryOperation_ShouldDocumentItsProblemAnswers(string kind)
    {
        var document = Document(kind);
        var operations = Operations(document);
        var gaps = new List<string>();
        foreach (var function in ApiFunctions)
        {
            var endpoint = Endpoint(function.Name);
            var expected = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
                .Select(p => p.StatusCode)
                .Where(s => s is >= 400 and < 500)
                .ToHashSet();
            if (IsKeyed(endpoint))
            {
                expected.Add(StatusCodes.Status401Unauthorized);
            }

            if (IsScoped(endpoint))
            {
                expected.Add(StatusCodes.Status403Forbidden);
            }

            foreach (var method in function.Methods)
            {
                var operation = operations[(RoutePath(function.Path), method)];
                var responses = operation["responses"]!.AsObject();
                foreach (var status in expected.Order())
                {
                    var response = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    if (response is null)
                    {
                        gaps.Add($"{function.Name}: {status} is not documented");
                    }
                    else if (!DescribesProblem(kind, document, operation, response.AsObject()))
                    {
                        gaps.Add($"{function.Name}: {status} is not documented as a problem answer");
                    }
                }
            }
        }

        Assert.True(gaps.Count == 0, $"{kind}:\n" + string.Join('\n', gaps));
    }

    [Fact]
    public void KeyedAndScopedOperations_ShouldBeTheApiBarHealthTheShopifyWebhookAndTheOwnBrandLookup()
    {
        // Guards the test above against a metadata change that would make operations look anonymous or unscoped.
        // The Shopify webhook is authenticated by its HMAC signature instead of a key.
        Assert.Equal(["Health", "ShopifyWebhook"], ApiFunctions.Where(f => !IsKeyed(Endpoint(f.Name))).Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["GetOwnBrand", "Health", "ShopifyWebhook"], ApiFunctions.Where(f => !IsScoped(Endpoint(f.Name))).Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    private JsonObject Document(string kind) => kind == OpenApi31 ? documents.OpenApi : documents.Swagger;

    private RouteEndpoint Endpoint(string name) =>
        documents.Endpoints.Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);

    /// <summary>Needs an API key: the caller without one gets 401.</summary>
    private static bool IsKeyed(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;

    /// <summary>Needs a key with a scope (a policy): a key without it gets 403.</summary>
    private static bool IsScoped(RouteEndpoint endpoint) =>
        IsKeyed(endpoint) && endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null);

    /// <summary>A problem answer carries a ProblemDetails body: as application/problem+json content (3.1), or a schema the operation produces as such (2.0).</summary>
    private static bool DescribesProblem(string kind, JsonObject document, JsonObject operation, JsonObject response)
    {
        if (kind == OpenApi31)
        {
            return response["content"]?["application/problem+json"]?["schema"] is not null;
        }

        var produces = (operation["produces"] ?? document["produces"])?.AsArray().Select(p => (string?)p) ?? [];
        return response["schema"] is not null && produces.Contains("application/problem+json");
    }

    /// <summary>Every operation in the document by path and lower-case method.</summary>
    private static Dictionary<(string Path, string Method), JsonObject> Operations(JsonObject document)
    {
        var operations = new Dictionary<(string, string), JsonObject>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(p => HttpMethodNames.Contains(p.Key)))
            {
                operations[(path, method)] = operation!.AsObject();
            }
        }

        return operations;
    }

    /// <summary>A route as a document path: no trailing slash, constraints, defaults and catch-all markers dropped (<c>{id:guid}</c> is <c>{id}</c>).</summary>
    private static string RoutePath(string route) => RouteParameter().Replace(route.TrimEnd('/'), m => "{" + m.Groups["name"].Value + "}");

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
