using System.Diagnostics;
using S3Consumer.Core.Messages;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Batches;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Delivery;

/// <summary>The spans and measurements of a delivery, so that <see cref="ObjectDelivery"/> reads as its steps.</summary>
public sealed class DeliveryTelemetry(WorkerTelemetry telemetry)
{
    // A raw publisher's traceparent makes this message's spans part of the publisher's trace; MassTransit's own
    // consume span (which only reads MT-Activity-Id) is linked instead.
    public Activity? StartProcess(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var consume = Activity.Current;
        var remote = ActivityContext.TryParse(message.TraceParent, message.TraceState, isRemote: true, out var parsed) ? parsed : (ActivityContext?)null;
        var span = remote is { } parent && parent.TraceId != consume?.TraceId
            ? telemetry.Source.StartActivity(ActivityKind.Consumer, parent, links: consume is null ? null : [new ActivityLink(consume.Context)], name: $"process {message.QueueName}")
            : telemetry.Source.StartActivity($"process {message.QueueName}", ActivityKind.Consumer);
        return span?
            .SetTag("messaging.system", "rabbitmq").SetTag("messaging.operation.type", "process")
            .SetTag("messaging.destination.name", message.QueueName).SetTag("messaging.message.id", message.MessageId)
            .SetTag("messaging.message.body.size", message.Body.Length);
    }

    public Activity? StartResolve() => telemetry.Source.StartActivity("resolve destination");

    public static void Resolved(Activity? process, Activity? resolve, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        resolve?.SetTag(WorkerTelemetry.DestinationTag, destination.Name).SetTag("aws.s3.bucket", destination.Bucket);
        process?.SetTag(WorkerTelemetry.DestinationTag, destination.Name);
    }

    public Activity? StartRender() => telemetry.Source.StartActivity("render key");

    public static void Rendered(Activity? render, ObjectWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        render?.SetTag("aws.s3.key", write.Key).SetTag("s3consumer.key_template", write.Destination.KeyTemplate.Text);
    }

    public Activity? StartPut(ObjectWrite write) => StartPut(write, links: null);

    private Activity? StartPut(ObjectWrite write, IEnumerable<ActivityLink>? links)
    {
        ArgumentNullException.ThrowIfNull(write);
        return telemetry.Source.StartActivity(ActivityKind.Client, links: links, name: "S3.PutObject")?
            .SetTag("rpc.system", "aws-api").SetTag("rpc.service", "S3").SetTag("rpc.method", "PutObject")
            .SetTag("aws.s3.bucket", write.Destination.Bucket).SetTag("aws.s3.key", write.Key)
            .SetTag("s3consumer.storage_class", write.Destination.StorageClass).SetTag("s3consumer.object.size", write.Content.Length);
    }

    /// <summary>
    /// The write of a batch's object: a span of its own (no message's child), linked to the span of each message it
    /// holds, as the messaging conventions do for a batch.
    /// </summary>
    public Activity? StartBatchPut(ObjectWrite write, MessageBatch batch, IEnumerable<ActivityContext> messages)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(batch);
        var links = messages.Where(message => message != default).Select(message => new ActivityLink(message));
        return StartPut(write, links)?
            .SetTag("messaging.batch.message_count", batch.Messages.Count).SetTag("s3consumer.batch.id", batch.Id)
            .SetTag("s3consumer.batch.uncompressed_size", batch.UncompressedBytes).SetTag(WorkerTelemetry.ClosedByTag, ClosedBy(batch.ClosedBy));
    }

    /// <summary>S3 accepted a batch's object: its messages are counted by what closed the batch.</summary>
    public void BatchWritten(MessageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        telemetry.BatchMessages.Record(
            batch.Messages.Count, new TagList { { WorkerTelemetry.DestinationTag, batch.Destination.Name }, { WorkerTelemetry.ClosedByTag, ClosedBy(batch.ClosedBy) } });
    }

    /// <summary>A message's batch is written (or refused): the process span names the batch and its object.</summary>
    public static void Batched(Activity? process, BatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        process?.SetTag("s3consumer.batch.id", outcome.BatchId);
        if (outcome.Written)
        {
            process?.SetTag("aws.s3.key", outcome.Key);
        }
    }

    /// <summary>A message that may be in two batch objects (see <see cref="WorkerTelemetry.BatchedTwice"/>).</summary>
    public void MaybeWrittenTwice(string destination) => telemetry.BatchedTwice.Add(1, Tags(destination));

    public void Written(Activity? put, ObjectWrite write, PutResult result, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(result);
        put?.SetTag("aws.request_id", result.RequestId).SetTag("s3consumer.already_existed", result.AlreadyExisted);
        var tags = Tags(write.Destination.Name);
        telemetry.ObjectsWritten.Add(1, tags);
        telemetry.BytesWritten.Add(write.Content.Length, tags);
        telemetry.PutDuration.Record(duration.TotalSeconds, tags);
    }

    public void PutFailed(Activity? put, ObjectWrite write, Exception error, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(error);
        put?.SetStatus(ActivityStatusCode.Error, error.GetType().Name).SetTag("error.type", error.GetType().FullName);
        telemetry.PutDuration.Record(duration.TotalSeconds, Tags(write.Destination.Name));
    }

    public void Held(Activity? process, string destination, string code)
    {
        process?.SetTag("s3consumer.held", true).SetTag("error.type", code);
        telemetry.HeldMessages.Add(1, Tags(destination));
    }

    /// <summary>A held message came back from its holding queue; whatever becomes of it, it is no longer held.</summary>
    public void Returned(string destination) => telemetry.HeldMessages.Add(-1, Tags(destination));

    public static void Undeliverable(Activity? process, UndeliverableMessageException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        process?.SetStatus(ActivityStatusCode.Error, error.Message).SetTag("error.type", error.Reason.ToString());
    }

    private static TagList Tags(string destination) => new() { { WorkerTelemetry.DestinationTag, destination } };

    private static string ClosedBy(BatchCloseReason reason) => reason switch
    {
        BatchCloseReason.MaxMessages => "max_messages",
        BatchCloseReason.MaxBytes => "max_bytes",
        BatchCloseReason.MaxWait => "max_wait",
        BatchCloseReason.Drain => "drain",
        BatchCloseReason.Probe => "probe",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No such reason."),
    };
}
