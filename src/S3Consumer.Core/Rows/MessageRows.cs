using System.Text;
using System.Text.Json;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Rows;

/// <summary>
/// One message as the rows it becomes: its columns, and the records of its <c>result</c> (a slice of the payload),
/// checked once here, so that writing them later cannot fail for this message. A message without records gives no
/// row. The records of a <c>url</c> result are read from where they were downloaded: see <see cref="RecordReader"/>.
/// </summary>
public sealed class MessageRows
{
    private const int EventId = 0;
    private const int EventTimeColumn = 1;

    // The payload's members that give message columns (by their position in RowColumns.All), matched ignoring case
    // as the worker's reader matches them; the others come from the metadata, as the object's metadata has them.
    private static readonly (string Name, int Column)[] PayloadNames =
    [
        ("action", 2), ("provider", 4), ("groupRef", 5), ("groupName", 6), ("consumerRef", 7), ("consumerName", 8),
        ("installationUpdateTime", 10), ("rawObjectName", 12), ("operationTime", 14), ("readType", 15),
    ];

    private readonly ReadOnlyMemory<byte> records;

    private MessageRows(MessageColumns columns, ReadOnlyMemory<byte> records, string recordsPath, int count)
    {
        Columns = columns;
        this.records = records;
        RecordsPath = recordsPath;
        Count = count;
    }

    public MessageColumns Columns { get; }

    /// <summary>The rows of its inline records: one per record of <c>result</c>.</summary>
    public int Count { get; }

    /// <summary>Where its records are in the message, for reasons: <c>$.data.result</c> or <c>$.result</c>.</summary>
    public string RecordsPath { get; }

    /// <summary>
    /// The rows of a message read by <see cref="ActionMessageReader"/>, with the metadata and event time its object
    /// would carry (<c>event_id</c>, <c>project_id</c>, <c>connection_id</c>, <c>destination_id</c>, <c>topic</c>... come
    /// from there). Throws <see cref="UndeliverableMessageException"/> for a message whose rows cannot be made.
    /// </summary>
    public static MessageRows Of(ActionMessage read, ObjectMetadata metadata, EventTime time)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(metadata);
        var values = new string?[RowColumns.MessageCount];
        values[EventId] = metadata.EventId;
        values[EventTimeColumn] = TimeFields.Rfc3339Nano(time);
        values[3] = metadata.ProjectId;
        values[9] = metadata.InstallationId;
        values[11] = metadata.ObjectName;
        values[13] = metadata.OperationId;
        values[16] = metadata.ConnectionId;
        values[17] = metadata.DestinationId;
        values[18] = metadata.Topic;
        var path = read.Shape == MessageShape.Wrapped ? "$.data" : "$";
        var recordsPath = $"{path}.result";
        var (records, count) = ReadPayload(read.Payload, path, recordsPath, values);
        return new MessageRows(new MessageColumns(values, time), records, recordsPath, count);
    }

    /// <summary>Its inline records, one at a time.</summary>
    public RecordReader ReadRecords() => RecordReader.Over(records, RecordsPath);

    // Fills the columns the payload gives and returns its result (empty when it has none) and how many records it
    // holds, each checked on the way: the payload is read once.
    private static (ReadOnlyMemory<byte> Result, int Count) ReadPayload(ReadOnlyMemory<byte> payload, string path, string recordsPath, string?[] values)
    {
        var reader = new Utf8JsonReader(payload.Span, ActionMessageReader.ReaderOptions);
        reader.Read();
        ReadOnlyMemory<byte> result = default;
        var count = 0;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = -1;
            for (var index = 0; index < PayloadNames.Length && found < 0; index++)
            {
                found = ActionMessageReader.Matches(ref reader, PayloadNames[index].Name) ? index : -1;
            }

            var isResult = found < 0 && ActionMessageReader.Matches(ref reader, "result");
            if (found >= 0)
            {
                seen = (seen & (1 << found)) == 0
                    ? seen | (1 << found)
                    : throw new UndeliverableMessageException(
                        UndeliverableReason.AmbiguousMessage,
                        $"{path} gives '{PayloadNames[found].Name}' twice, so its rows could hold either: send it once.");
            }

            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (found >= 0)
            {
                values[PayloadNames[found].Column] = Text(ref reader, payload.Span);
            }
            else if (isResult && reader.TokenType == JsonTokenType.StartArray)
            {
                // ActionMessageReader took each record for an object.
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    RecordMembers.Read(ref reader, payload, recordsPath, count++, out _);
                }

                result = payload[start..(int)reader.BytesConsumed];
            }
            else
            {
                reader.Skip();
            }
        }

        return (result, count);
    }

    // A string's value; the JSON text of anything else; null for null.
    private static string? Text(ref Utf8JsonReader reader, ReadOnlySpan<byte> payload)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Encoding.UTF8.GetString(payload[start..(int)reader.BytesConsumed]);
        }
    }
}
