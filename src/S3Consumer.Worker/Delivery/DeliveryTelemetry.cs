using System.Diagnostics;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Delivery;

/// <summary>The spans and measurements of a delivery, so that <see cref="ObjectDelivery"/> reads as its steps.</summary>
public sealed class DeliveryTelemetry(WorkerTelemetry telemetry)
{
    /// <summary>The reason <c>s3consumer.messages.skipped</c> counts a message without records under, for a destination of rows.</summary>
    public const string NoRecords = "no-records";

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
        process?.SetTag(WorkerTelemetry.DestinationTag, destination.Name).SetTag("s3consumer.format", destination.Format.Name());
    }

    /// <summary>The rows a message became, for a destination of rows: their count on its span (never their values).</summary>
    public static void RowsMade(Activity? process, long rows) => process?.SetTag("s3consumer.rows", rows);

    public Activity? StartRender() => telemetry.Source.StartActivity("render key");

    public static void Rendered(Activity? render, ObjectWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        render?.SetTag("aws.s3.key", write.Key).SetTag("s3consumer.key_template", write.Destination.KeyTemplate.Text);
    }

    /// <summary>A message's batch is written (or refused): the process span names the batch and its object.</summary>
    public static void Batched(Activity? process, BatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        process?.SetTag("s3consumer.batch.id", outcome.BatchId);
        if (outcome.Write.IsWritten)
        {
            process?.SetTag("aws.s3.key", outcome.Key);
        }
    }

    /// <summary>A message without records, for a destination of rows: acknowledged, no object or row written, counted as skipped.</summary>
    public void SkippedWithoutRecords(Activity? process)
    {
        RowsMade(process, 0);
        telemetry.CountSkipped(NoRecords);
    }

    /// <summary>A message that may be in two batch objects (see <see cref="WorkerTelemetry.BatchesRedelivered"/>).</summary>
    public void CountBatchesRedelivered(string destination) => telemetry.BatchesRedelivered.Add(1, WorkerTelemetry.Tags(destination));

    public void Held(Activity? process, string destination, HoldReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        process?.SetTag("s3consumer.held", true).SetTag("error.type", reason.Code);
        telemetry.HeldMessages.Add(1, WorkerTelemetry.Tags(destination));
    }

    /// <summary>A held message came back from its holding queue; whatever becomes of it, it is no longer held.</summary>
    public void Returned(string destination) => telemetry.HeldMessages.Add(-1, WorkerTelemetry.Tags(destination));

    /// <summary>The message goes to the error queue: its span says why, and it is counted by reason.</summary>
    public void Undeliverable(Activity? process, Destination? destination, UndeliverableMessageException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        process?.SetStatus(ActivityStatusCode.Error, error.Message).SetTag("error.type", error.Reason.ToString());
        telemetry.CountUndeliverable(destination?.Name, error.Reason.ToString());
    }
}
