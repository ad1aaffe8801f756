using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PromoServerless.FunctionsHost.Protocol;

namespace PromoServerless.FunctionsHost.Functions;

/// <summary>
/// Values as they cross the protocol, converted the way the Functions host converts them: strings, bytes and JSON
/// objects as themselves, an HTTP request as an empty <c>RpcHttp</c> (its content goes to the worker's own HTTP
/// server), anything else as Newtonsoft JSON; and back, JSON parsed without turning date strings into dates.
/// </summary>
internal static class RpcValues
{
    private static readonly JsonSerializerSettings KeepDateStrings = new() { DateParseHandling = DateParseHandling.None };

    public static TypedData ToTypedData(object? value) => value switch
    {
        null => new TypedData(),
        HttpRequest => new TypedData { Http = new RpcHttp() },
        string text => new TypedData { String = text },
        byte[] bytes => new TypedData { Bytes = ByteString.CopyFrom(bytes) },
        JObject json => new TypedData { Json = json.ToString(Formatting.None) },
        double number => new TypedData { Double = number },
        _ => new TypedData { Json = JsonConvert.SerializeObject(value, Formatting.None) },
    };

    public static bool CarriesAsItself(Type type) => type == typeof(string) || type == typeof(byte[]) || type == typeof(JObject);

    public static object? ToObject(TypedData? data) => data?.DataCase switch
    {
        null or TypedData.DataOneofCase.None => null,
        TypedData.DataOneofCase.String => data.String,
        TypedData.DataOneofCase.Json => JsonConvert.DeserializeObject(data.Json, KeepDateStrings),
        TypedData.DataOneofCase.Bytes => data.Bytes.ToByteArray(),
        TypedData.DataOneofCase.Stream => data.Stream.ToByteArray(),
        TypedData.DataOneofCase.Int => data.Int,
        TypedData.DataOneofCase.Double => data.Double,
        _ => throw new InvalidOperationException($"The host does not read {data.DataCase} values back from the worker."),
    };

    /// <summary>
    /// Whether a binding-data entry is sent as trigger metadata: the Functions host leaves out empty values, the request
    /// itself (the worker declares it reads the request from its HTTP server) and the binding pipeline's own <c>sys</c> entry.
    /// </summary>
    public static bool IsTriggerMetadata(string key, object? value) =>
        value is not null and not HttpRequest && !key.Equals("sys", StringComparison.OrdinalIgnoreCase);
}
