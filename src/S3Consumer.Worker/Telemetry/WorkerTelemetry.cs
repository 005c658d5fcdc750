using System.Diagnostics;
using System.Diagnostics.Metrics;
using S3Consumer.Core;

namespace S3Consumer.Worker.Telemetry;

/// <summary>The worker's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>.</summary>
public sealed class WorkerTelemetry : IDisposable
{
    public const string Name = "S3Consumer.Worker";
    public const string DestinationTag = "s3consumer.destination";
    public const string ClosedByTag = "s3consumer.batch.closed_by";
    public const string ReasonTag = "s3consumer.reason";

    private readonly Meter meter;

    public WorkerTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meter = meterFactory.Create(Name);
        ObjectsWritten = meter.CreateCounter<long>("s3consumer.objects.written", "{object}", "Objects S3 accepted.");
        BytesWritten = meter.CreateCounter<long>("s3consumer.bytes.written", "By", "Object bytes S3 accepted.");
        PutDuration = meter.CreateHistogram<double>("s3consumer.put.duration", "s", "How long a PutObject took, retries included.");
        Retries = meter.CreateCounter<long>("s3consumer.put.retries", "{retry}", "PutObject attempts retried after a transient failure.");
        Hedges = meter.CreateCounter<long>(
            "s3consumer.put.hedges", "{request}", "PutObject requests sent again on another connection because the first had not answered within S3:HedgeDelay.");
        Undeliverable = meter.CreateCounter<long>("s3consumer.messages.undeliverable", "{message}", "Messages sent to an error queue, by reason.");
        Skipped = meter.CreateCounter<long>(
            "s3consumer.messages.skipped", "{message}", "Messages acknowledged without being written, by reason: notification (Routing:Notifications not set), check (a probe of s3consumer check), " +
            "no-records (a message without records, for a destination of Format records or parquet).");
        RowsWritten = meter.CreateCounter<long>("s3consumer.rows.written", "{row}", "Rows in the objects S3 accepted, of destinations of Format records or parquet.");
        BatchesRedelivered = meter.CreateCounter<long>(
            "s3consumer.batches.redelivered", "{message}",
            "Messages a batch may write twice: written after RabbitMQ delivered them again (a worker stopped or lost its connection first), " +
            "or held after an attempt of their batch's write ended without S3's answer (a timeout, a connection lost mid-request, a 5xx other than 503), as S3 may have stored it; an upper bound.");
        BatchMessages = meter.CreateHistogram<long>(
            "s3consumer.batch.messages", "{message}", "Messages in each batch object S3 accepted, by what closed the batch.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 50_000] });
        HeldMessages = meter.CreateUpDownCounter<long>(
            "s3consumer.messages.held", "{message}", "Messages set aside for an unavailable destination, less those that came back; summed over the workers, those waiting in holding queues.");
    }

    public ActivitySource Source { get; } = new(Name);

    public Counter<long> ObjectsWritten { get; }
    public Counter<long> BytesWritten { get; }
    public Counter<long> RowsWritten { get; }
    public Histogram<double> PutDuration { get; }
    public Counter<long> Retries { get; }
    public Counter<long> Hedges { get; }
    public Counter<long> Undeliverable { get; }
    public Counter<long> Skipped { get; }
    public UpDownCounter<long> HeldMessages { get; }
    public Counter<long> BatchesRedelivered { get; }
    public Histogram<long> BatchMessages { get; }

    /// <summary>A measurement's one attribute: the destination it is of.</summary>
    public static TagList Tags(string destination) => new() { { DestinationTag, destination } };

    /// <summary>The number of destinations that take writes, read whenever metrics are collected.</summary>
    public void ObserveAvailableDestinations(Func<int> available) =>
        meter.CreateObservableGauge("s3consumer.destinations.available", available, "{destination}", "Destinations that take writes (not held for an outage).");

    /// <summary>The open batches of every destination and what they hold in memory, read whenever metrics are collected.</summary>
    public void ObserveBatches(Func<int> open, Func<long> bufferedBytes)
    {
        meter.CreateObservableGauge("s3consumer.batches.open", open, "{batch}", "Batches open, of every destination and partition.");
        meter.CreateObservableGauge(
            "s3consumer.batches.buffered_bytes", bufferedBytes, "By", "What the open batches hold in memory, as Batches:MaxBufferedBytes counts it.");
    }

    /// <summary>One message sent to an error queue: <paramref name="reason"/> is an <see cref="UndeliverableReason"/>, or the unexpected error's type.</summary>
    public void CountUndeliverable(string? destination, string reason) =>
        Undeliverable.Add(1, new(DestinationTag, destination ?? "(none)"), new(ReasonTag, reason));

    /// <summary>One message acknowledged without being written; <paramref name="reason"/> says why (<c>notification</c>, <c>check</c>, <c>no-records</c>).</summary>
    public void CountSkipped(string reason) => Skipped.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    public void Dispose()
    {
        Source.Dispose();
        meter.Dispose();
    }
}
