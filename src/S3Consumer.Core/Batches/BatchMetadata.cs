using System.Globalization;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Batches;

/// <summary>
/// A batch object's S3 user metadata: <c>destinationId</c>; <c>batch-count</c>; <c>batch-first-event-id</c>,
/// <c>batch-last-event-id</c>, <c>batch-first-timestamp</c>, <c>batch-last-timestamp</c>; then each other of the
/// nine fields, under its own name, that every message of the batch holds with the same value (<c>event-id</c>
/// and <c>timestamp</c> only where all are equal). A shared field that would take the metadata over S3's 2 KB
/// is left out; the others always fit (see <see cref="CheckFits"/>).
/// </summary>
public static class BatchMetadata
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(IReadOnlyList<BatchMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var fields = Required(messages[0], messages[^1], messages.Count);
        var size = S3UserMetadata.SizeOf(fields);
        foreach (var (name, value) in Shared(messages))
        {
            var field = KeyValuePair.Create(name, S3UserMetadata.EncodeValue(value));
            var fieldSize = S3UserMetadata.SizeOf([field]);
            if (size + fieldSize <= S3UserMetadata.MaxBytes)
            {
                fields.Add(field);
                size += fieldSize;
            }
        }

        return fields;
    }

    /// <summary>
    /// Refuses a message whose event-id and timestamp could not fit a batch's metadata. A batch's required fields
    /// take half of "first message as first and last" plus half of "last message as first and last", so when each
    /// message fits both roles alone, every batch fits.
    /// </summary>
    public static void CheckFits(BatchMessage message, int maxMessages, string destinationName)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = S3UserMetadata.SizeOf(Required(message, message, maxMessages));
        if (size > S3UserMetadata.MaxBytes)
        {
            throw new UndeliverableMessageException(
                UndeliverableReason.MetadataTooLarge,
                $"Destination '{destinationName}': a batch object with this message first or last needs {size:N0} bytes of metadata, " +
                $"over S3's {S3UserMetadata.MaxBytes:N0}-byte limit. Shorten the event-id or timestamp the message carries.");
        }
    }

    private static List<KeyValuePair<string, string>> Required(BatchMessage first, BatchMessage last, int count) =>
    [
        Field("destinationId", first.Metadata.DestinationId),
        Field("batch-count", count.ToString(CultureInfo.InvariantCulture)),
        Field("batch-first-event-id", first.EventId),
        Field("batch-last-event-id", last.EventId),
        Field("batch-first-timestamp", first.Metadata.Timestamp),
        Field("batch-last-timestamp", last.Metadata.Timestamp),
    ];

    // Compared in place, field by field: a set of fields per message would cost each batched message about a kilobyte.
    private static IEnumerable<(string Name, string Value)> Shared(IReadOnlyList<BatchMessage> messages)
    {
        foreach (var (name, value) in messages[0].Metadata.Fields())
        {
            var read = ObjectMetadata.ReaderOf(name)!;
            if (name != "destinationId" && messages.All(message => read(message.Metadata) == value))
            {
                yield return (name, value);
            }
        }
    }

    private static KeyValuePair<string, string> Field(string name, string value) => KeyValuePair.Create(name, S3UserMetadata.EncodeValue(value));
}
