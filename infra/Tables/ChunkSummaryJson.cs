using System.Text.Json;
using System.Text.Json.Serialization;
using PromoServerless.Domain.Codes;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// Stores a chunk summary as <c>[stage, size, reserved, created, failed]</c>: a batch row holds one per chunk, and
/// at about 20 characters each the 400 chunks of 100,000 members fit one table property (32K characters) with room.
/// </summary>
public sealed class ChunkSummaryJson : JsonConverter<ChunkSummary>
{
    public override ChunkSummary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A chunk summary is an array of five numbers.");
        }

        var values = new int[5];
        for (var i = 0; i < values.Length; i++)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException("A chunk summary is an array of five numbers.");
            }

            values[i] = reader.GetInt32();
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("A chunk summary is an array of five numbers.");
        }

        return new ChunkSummary((ChunkStage)values[0], values[1], values[2], values[3], values[4]);
    }

    public override void Write(Utf8JsonWriter writer, ChunkSummary value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue((int)value.Stage);
        writer.WriteNumberValue(value.Size);
        writer.WriteNumberValue(value.Reserved);
        writer.WriteNumberValue(value.Created);
        writer.WriteNumberValue(value.Failed);
        writer.WriteEndArray();
    }
}
