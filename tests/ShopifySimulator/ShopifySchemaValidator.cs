using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace PromoServerless.ShopifySimulator;

/// <summary>One reason a document does not fit the schema.</summary>
public sealed record SchemaValidationError(string Message, string? Code);

/// <summary>
/// Validates GraphQL documents and their variables against Shopify's Admin schema (the SDL in shared/shopify),
/// the way Shopify refuses a document before running it. The schema is built once per process.
/// </summary>
public sealed class ShopifySchemaValidator
{
    public const string SchemaFileName = "admin-2026-01.schema.graphql";
    private static readonly Lazy<ShopifySchemaValidator> SharedInstance = new(() => new ShopifySchemaValidator(File.ReadAllText(LocateSchemaFile())));
    private static readonly GraphQLSerializer Serializer = new();
    private readonly ISchema _schema;
    private readonly DocumentValidator _validator = new();

    public ShopifySchemaValidator(string sdl)
    {
        _schema = BuildSchema(sdl);
    }

    /// <summary>The validator for the shared 2026-01 schema, built on first use.</summary>
    public static ShopifySchemaValidator Shared => SharedInstance.Value;

    /// <summary>Validates with the shared schema.</summary>
    public static IReadOnlyList<SchemaValidationError> Validate(string query, string? variablesJson, string? operationName = null) =>
        Shared.ValidateDocument(query, variablesJson, operationName);

    /// <summary>Finds the schema: <c>SHOPIFY_SCHEMA_PATH</c>, else <c>shared/shopify/</c> beside any folder above the running assembly.</summary>
    public static string LocateSchemaFile()
    {
        if (Environment.GetEnvironmentVariable("SHOPIFY_SCHEMA_PATH") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "shopify", SchemaFileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Cannot find shared/shopify/{SchemaFileName} above {AppContext.BaseDirectory}; set SHOPIFY_SCHEMA_PATH.");
    }

    public IReadOnlyList<SchemaValidationError> ValidateDocument(string query, string? variablesJson, string? operationName = null)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException ex)
        {
            return [new SchemaValidationError(ex.Message, "PARSE_ERROR")];
        }

        Inputs variables;
        try
        {
            variables = string.IsNullOrWhiteSpace(variablesJson) ? Inputs.Empty : Serializer.Deserialize<Inputs>(variablesJson) ?? Inputs.Empty;
        }
        catch (JsonException ex)
        {
            return [new SchemaValidationError($"Variables are not valid JSON: {ex.Message}", "INVALID_VARIABLES")];
        }

        var operation = document.Definitions.OfType<GraphQLOperationDefinition>()
            .FirstOrDefault(o => operationName is null || o.Name?.StringValue == operationName);
        if (operation is null)
        {
            return [new SchemaValidationError($"No operation named '{operationName}' in the document.", "OPERATION_NOT_FOUND")];
        }

        var result = _validator.ValidateAsync(new ValidationOptions
        {
            Schema = _schema,
            Document = document,
            Operation = operation,
            Variables = variables,
            Extensions = Inputs.Empty,
            UserContext = new Dictionary<string, object?>(),
            RequestServices = null,
            User = null,
            CancellationToken = CancellationToken.None,
        }).GetAwaiter().GetResult();

        return result.Errors.Select(e => new SchemaValidationError(e.Message, e.Code)).ToArray();
    }

    private static Schema BuildSchema(string sdl)
    {
        var sdlDocument = Parser.Parse(sdl, new ParserOptions { Ignore = IgnoreOptions.All });
        var objectTypes = sdlDocument.Definitions.OfType<GraphQLObjectTypeDefinition>().Select(d => d.Name.StringValue).ToArray();
        var abstractTypes = sdlDocument.Definitions.OfType<GraphQLInterfaceTypeDefinition>().Select(d => d.Name.StringValue)
            .Concat(sdlDocument.Definitions.OfType<GraphQLUnionTypeDefinition>().Select(d => d.Name.StringValue))
            .ToArray();
        var scalars = sdlDocument.Definitions.OfType<GraphQLScalarTypeDefinition>().Select(d => d.Name.StringValue).ToArray();

        var schema = Schema.For(sdl, builder =>
        {
            foreach (var name in objectTypes)
            {
                builder.Types.For(name).IsTypeOfFunc = _ => true;
            }

            foreach (var name in abstractTypes)
            {
                builder.Types.For(name).ResolveType = _ => null!;
            }
        });

        foreach (var name in scalars)
        {
            schema.RegisterType(new PassThroughScalar(name));
        }

        schema.Initialize();
        return schema;
    }

    /// <summary>Accepts any literal or variable value: Shopify's own scalars (DateTime, Decimal, ...) are checked by Shopify, not here.</summary>
    private sealed class PassThroughScalar : ScalarGraphType
    {
        public PassThroughScalar(string name)
        {
            Name = name;
        }

        public override object? ParseLiteral(GraphQLValue value) => value switch
        {
            GraphQLNullValue => null,
            GraphQLStringValue s => s.Value.ToString(),
            GraphQLIntValue i => i.Value.ToString(),
            GraphQLFloatValue f => f.Value.ToString(),
            GraphQLBooleanValue b => b.BoolValue,
            _ => value,
        };

        public override object? ParseValue(object? value) => value;

        public override bool CanParseLiteral(GraphQLValue value) => true;

        public override bool CanParseValue(object? value) => true;

        public override object? Serialize(object? value) => value;
    }
}
