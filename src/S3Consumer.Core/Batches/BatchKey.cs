using System.Text;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Batches;

/// <summary>
/// How a destination's batch objects are named (see <see cref="BatchKeyTemplates.For"/>), and what is tried of each
/// message so that no batch's key can fail once the batch is closed: a message is refused alone instead.
/// </summary>
internal readonly record struct BatchKey(ObjectKeyTemplate Template, BatchCompression Compression, bool IsDefault, bool Partitioned)
{
    // Every part of the default key but the partition, at its longest: '/', the time to the nanosecond, '_', a UUID.
    private static readonly int DefaultKeyBytesBesidesPartition = "/".Length + "2025-10-14T02:58:59.323405308Z".Length + "_".Length + Guid.Empty.ToString().Length;

    public static BatchKey Of(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        // A destination's compression is known: the validator refuses any other.
        var compression = BatchCompressions.TryParse(destination.Options.Batch.Compression, out var known) ? known : BatchCompression.Gzip;
        return new BatchKey(BatchKeyTemplates.For(destination, compression), compression, BatchKeyTemplates.IsDefault(destination), destination.PartitionBy is not null);
    }

    /// <summary>The key of a batch: its template over <c>batch</c> alone.</summary>
    public string Render(string destinationName, string? partition, EventTime time, int count, string id, BatchMessage first, BatchMessage last) =>
        Template.Render(KeyContext.ForBatch(partition, time, count, id, first.EventId, last.EventId), destinationName);

    /// <summary>
    /// Refuses (<see cref="UndeliverableMessageException"/>) a message that could not be the first of a batch: its key
    /// as a batch of its own. The default key reads no event-id: only its partition's length matters.
    /// </summary>
    public void CheckAlone(Destination destination, BatchMessage message)
    {
        if (!IsDefault)
        {
            Render(destination.Name, message.Partition, message.Time, 1, BatchId.Of([message.EventId]), message, message);
        }
        else if (Partitioned && Encoding.UTF8.GetByteCount(message.Partition!) is var size
                 && size > ObjectKeyTemplate.MaxKeyBytes - DefaultKeyBytesBesidesPartition - destination.Format.KeySuffix(Compression).Length)
        {
            throw new UndeliverableMessageException(
                UndeliverableReason.InvalidObjectKey,
                $"Destination '{destination.Name}': Batch:PartitionBy {Excerpt.Bound(destination.PartitionBy!.Text, 200)} produced a partition of {size:N0} UTF-8 bytes " +
                $"starting '{Excerpt.Bound(message.Partition!, 64)}', too long for the default batch key {Template.Text} to stay within " +
                $"{ObjectKeyTemplate.MaxKeyBytes:N0} bytes. Fix Batch:PartitionBy or the message, or set an ObjectKeyTemplate that leaves room for the partition.");
        }
    }

    /// <summary>
    /// Refuses a message that would make the open batch's key fail as its last, at its fullest: a destination's own
    /// template may read the first and last messages' event-ids (the default key reads neither).
    /// </summary>
    public void CheckJoining(Destination destination, OpenBatch batch, BatchMessage message, int maxMessages)
    {
        if (!IsDefault)
        {
            var time = message.Time.Instant < batch.Earliest.Instant ? message.Time : batch.Earliest;
            Render(destination.Name, message.Partition, time, maxMessages, BatchId.Of([message.EventId]), batch.Messages[0], message);
        }
    }
}
