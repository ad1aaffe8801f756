using System.Globalization;
using System.Text.Json;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// Reads the body the Functions host posts to a custom handler for a non-HTTP trigger:
/// <c>{"Data": {binding: value}, "Metadata": {...}}</c>. The host JSON-encodes a queue message's text once
/// more and sends some metadata values as quoted strings, so every read here tolerates both shapes.
/// </summary>
public static class InvocationRequest
{
    public static QueueTriggerMessage ReadQueueMessage(JsonElement body, string bindingName)
    {
        var data = Property(body, "Data") ?? throw new InvocationFormatException("The invocation has no Data.");
        var value = Property(data, bindingName) ?? throw new InvocationFormatException($"Data has no '{bindingName}'.");
        var metadata = Property(body, "Metadata");
        return new QueueTriggerMessage(
            UnwrapText(value),
            metadata is { } m ? ReadString(m, "Id") : null,
            metadata is { } d ? ReadInt(d, "DequeueCount") ?? 1 : 1,
            metadata is { } t ? ReadDate(t, "InsertionTime") : null);
    }

    public static TimerInfo ReadTimer(JsonElement body, string bindingName)
    {
        var data = Property(body, "Data") ?? throw new InvocationFormatException("The invocation has no Data.");
        var value = Property(data, bindingName) ?? throw new InvocationFormatException($"Data has no '{bindingName}'.");
        if (value.ValueKind == JsonValueKind.String)
        {
            using var inner = JsonDocument.Parse(value.GetString()!);
            return ReadTimerObject(inner.RootElement.Clone());
        }

        return ReadTimerObject(value);
    }

    private static TimerInfo ReadTimerObject(JsonElement timer)
    {
        var status = Property(timer, "ScheduleStatus");
        var isPastDue = Property(timer, "IsPastDue") is { ValueKind: JsonValueKind.True };
        return status is { ValueKind: JsonValueKind.Object } s
            ? new TimerInfo(isPastDue, ReadDate(s, "Last"), ReadDate(s, "Next"))
            : new TimerInfo(isPastDue, null, null);
    }

    /// <summary>The message text: a JSON string holding the text JSON-encoded once more, or (tolerated) the text itself.</summary>
    private static string UnwrapText(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return value.GetRawText();
        }

        var text = value.GetString()!;
        return TryDecodeJsonString(text) ?? text;
    }

    private static string? TryDecodeJsonString(string text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadString(JsonElement parent, string name)
    {
        var value = Property(parent, name);
        return value?.ValueKind switch
        {
            JsonValueKind.String => TryDecodeJsonString(value.Value.GetString()!) ?? value.Value.GetString(),
            JsonValueKind.Number => value.Value.GetRawText(),
            _ => null,
        };
    }

    private static int? ReadInt(JsonElement parent, string name)
    {
        var value = Property(parent, name);
        if (value is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var n))
        {
            return n;
        }

        var text = ReadString(parent, name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    private static DateTimeOffset? ReadDate(JsonElement parent, string name)
    {
        var text = ReadString(parent, name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    private static JsonElement? Property(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }
}

public sealed class InvocationFormatException(string message) : Exception(message);
