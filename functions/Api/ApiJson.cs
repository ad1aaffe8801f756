using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromoServerless.Functions.Api;

public static class ApiJson
{
    /// <summary>Unknown fields are refused, so a typo in a field name is an error rather than silently ignored.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MaxDepth = 32;
    }
}
