using System.Diagnostics;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Batches;

/// <summary>A batch object's write span, and the measure of each batch object S3 accepted.</summary>
public sealed class BatchTelemetry(WorkerTelemetry telemetry, WriteTelemetry writes)
{
    /// <summary>
    /// The write of a batch's object: a span of its own (no message's child), linked to the span of each message it
    /// holds, as the messaging conventions do for a batch.
    /// </summary>
    public Activity? StartPut(ObjectWrite write, MessageBatch batch, IEnumerable<ActivityContext> messages)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var links = messages.Where(message => message != default).Select(message => new ActivityLink(message));
        return writes.StartPut(write, links)?
            .SetTag("messaging.batch.message_count", batch.Messages.Count).SetTag("s3consumer.batch.id", batch.Id)
            .SetTag("s3consumer.batch.uncompressed_size", batch.UncompressedBytes).SetTag(WorkerTelemetry.ClosedByTag, ClosedBy(batch.ClosedBy));
    }

    /// <summary>S3 accepted a batch's object: its messages are counted by what closed the batch.</summary>
    public void Written(MessageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        telemetry.BatchMessages.Record(
            batch.Messages.Count, new TagList { { WorkerTelemetry.DestinationTag, batch.Destination.Name }, { WorkerTelemetry.ClosedByTag, ClosedBy(batch.ClosedBy) } });
    }

    private static string ClosedBy(BatchCloseReason reason) => reason switch
    {
        BatchCloseReason.MaxMessages => "max_messages",
        BatchCloseReason.MaxBytes => "max_bytes",
        BatchCloseReason.MaxWait => "max_wait",
        BatchCloseReason.Drain => "drain",
        BatchCloseReason.Probe => "probe",
        BatchCloseReason.Partitions => "partitions",
        BatchCloseReason.Memory => "memory",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No such reason."),
    };
}
