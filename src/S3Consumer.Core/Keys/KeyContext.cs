using Newtonsoft.Json.Linq;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Keys;

/// <summary>
/// The document a key template is evaluated over: <c>metadata</c>, <c>time</c> and <c>data</c>, and for a batch
/// object also <c>batch</c>.
/// </summary>
public static class KeyContext
{
    public static JObject Create(
        ObjectMetadata metadata, EventTime time, ReadOnlyMemory<byte>? data, IEnumerable<KeyValuePair<string, string>>? batch = null)
    {
        var context = new JObject(
            new JProperty("metadata", Namespace(metadata.Fields())),
            new JProperty("time", Namespace(TimeFields.Of(time))),
            new JProperty("data", data is { } json ? PayloadTokens.Parse(json) : JValue.CreateNull()));
        if (batch is not null)
        {
            context.Add("batch", Namespace(batch));
        }

        return context;
    }

    private static JObject Namespace(IEnumerable<KeyValuePair<string, string>> fields) =>
        new(fields.Select(field => new JProperty(field.Key, field.Value)));
}
