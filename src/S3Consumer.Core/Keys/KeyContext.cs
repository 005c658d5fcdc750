using System.Globalization;
using Newtonsoft.Json.Linq;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Keys;

/// <summary>
/// The documents templates are evaluated over: a message's <c>metadata</c>, <c>time</c> and <c>data</c> (its object's
/// key template, or its destination's <c>Batch:PartitionBy</c>), and a batch object's <c>batch</c> alone.
/// </summary>
public static class KeyContext
{
    public static JObject Create(ObjectMetadata metadata, EventTime time, ReadOnlyMemory<byte>? data)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new JObject(
            new JProperty("metadata", Namespace(metadata.Fields())),
            new JProperty("time", Namespace(TimeFields.Of(time))),
            new JProperty("data", data is { } json ? PayloadTokens.Parse(json) : JValue.CreateNull()));
    }

    /// <summary>
    /// A batch object's: <c>batch</c>, with its <c>partition</c> (where the destination sets <c>Batch:PartitionBy</c>), its
    /// <c>time</c> (the earliest event time of its messages, as the fields of <c>time</c>), <c>count</c>, <c>id</c>,
    /// <c>first_event_id</c> and <c>last_event_id</c>.
    /// </summary>
    public static JObject ForBatch(string? partition, EventTime time, int count, string id, string firstEventId, string lastEventId)
    {
        var batch = new JObject();
        if (partition is not null)
        {
            batch.Add("partition", partition);
        }

        batch.Add("time", Namespace(TimeFields.Of(time)));
        batch.Add("count", count.ToString(CultureInfo.InvariantCulture));
        batch.Add("id", id);
        batch.Add("first_event_id", firstEventId);
        batch.Add("last_event_id", lastEventId);
        return new JObject(new JProperty("batch", batch));
    }

    private static JObject Namespace(IEnumerable<KeyValuePair<string, string>> fields) =>
        new(fields.Select(field => new JProperty(field.Key, field.Value)));
}
