using System.Collections.Concurrent;
using S3Consumer.Testing.Telemetry;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// What the workers' traces say of each message of the run: every delivery of it (a <c>process</c> span, found by the
/// trace id its <c>traceparent</c> gave it), to which worker, when, and how it ended. Nothing else of the spans is kept.
/// A worker killed with SIGKILL takes its last second of spans with it, so a delivery may be missing here: the report
/// says so rather than count on it.
/// </summary>
internal sealed class DeliveryLog(SoakIds ids, SoakClock clock)
{
    private readonly ConcurrentDictionary<long, ConcurrentQueue<Delivery>> deliveries = new();
    private long spans;

    /// <summary>Spans received, of every kind.</summary>
    public long Spans => Interlocked.Read(ref spans);

    /// <summary>Takes what it needs of a span as it arrives; keeps nothing of it in the receiver.</summary>
    public bool Take(ReceivedSpan span)
    {
        ArgumentNullException.ThrowIfNull(span);
        Interlocked.Increment(ref spans);
        if (span.Name.StartsWith("process ", StringComparison.Ordinal) && ids.NumberOfTrace(span.TraceId) is { } number)
        {
            deliveries.GetOrAdd(number, _ => new()).Enqueue(new Delivery(span.ServiceName, clock.Of(span.Start), clock.Of(span.End), Result(span), Detail(span)));
        }

        return false;
    }

    public IReadOnlyList<Delivery> Of(long number) =>
        deliveries.TryGetValue(number, out var found) ? [.. found.OrderBy(delivery => delivery.Start)] : [];

    private static DeliveryResult Result(ReceivedSpan span) =>
        span.Attributes.GetValueOrDefault("s3consumer.held") is true ? DeliveryResult.Held
        : span.StatusCode == "Error" ? DeliveryResult.Parked
        : span.Attributes.GetValueOrDefault("s3consumer.rows") is 0L ? DeliveryResult.Skipped
        : span.Attributes.ContainsKey("s3consumer.batch.id") ? DeliveryResult.Batched
        : DeliveryResult.Written;

    private static string? Detail(ReceivedSpan span) =>
        (span.Attributes.GetValueOrDefault("error.type") ?? span.Attributes.GetValueOrDefault("aws.s3.key")) as string;
}
