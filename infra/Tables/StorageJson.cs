using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromoServerless.Infra.Tables;

public static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new ChunkSummaryJson() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
