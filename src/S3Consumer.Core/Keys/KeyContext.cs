using Newtonsoft.Json.Linq;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Keys;

/// <summary>The document a key template is evaluated over: <c>metadata</c>, <c>time</c> and <c>data</c>.</summary>
public static class KeyContext
{
    public static JObject Create(ObjectMetadata metadata, EventTime time, ReadOnlyMemory<byte>? data) =>
        new(
            new JProperty("metadata", Namespace(metadata.Fields())),
            new JProperty("time", Namespace(TimeFields.Of(time))),
            new JProperty("data", data is { } json ? PayloadTokens.Parse(json) : JValue.CreateNull()));

    private static JObject Namespace(IEnumerable<KeyValuePair<string, string>> fields) =>
        new(fields.Select(field => new JProperty(field.Key, field.Value)));
}
