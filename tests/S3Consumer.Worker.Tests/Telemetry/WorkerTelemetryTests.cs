using System.Diagnostics;
using S3Consumer.Contracts;
using S3Consumer.Testing.Telemetry;

namespace S3Consumer.Worker.Tests.Telemetry;

/// <summary>
/// The worker exports over OTLP/HTTP to a receiver inside the test: one trace per message from publisher to S3 write,
/// a raw publisher's traceparent honoured, the attributes of the semantic conventions, and the metric points.
/// </summary>
[Collection(WholeProcessTelemetry.Name)]
[Trait("Category", "Process")]
public sealed class WorkerTelemetryTests : IAsyncLifetime
{
    private const string RawTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string RawParentId = "00f067aa0ba902b7";
    private TestBed bed = null!;
    private OtlpReceiver receiver = null!;
    private WorkerProcess worker = null!;

    public async Task InitializeAsync()
    {
        bed = await TestBed.CreateAsync(withProxy: true, ownVirtualHost: true); // its typed message reaches this worker alone
        bed.Proxy.SlowDownEvery = 2; // the second PUT is refused once, so the raw message's write is retried
        receiver = await OtlpReceiver.StartAsync();
        // A process of its own: MassTransit's meter is process-wide, and other tests' hosts come and go in this one.
        bed.With(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString()),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_SERVICE_NAME", "s3consumer-under-test"),
            ("OTEL_BSP_SCHEDULE_DELAY", "200"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "500"),
            ("OTEL_BLRP_SCHEDULE_DELAY", "200"));
        worker = await WorkerProcess.StartAsync(bed.Settings, ReadQueue);
    }

    private string ReadQueue => bed.ReadQueue;

    public async Task DisposeAsync()
    {
        worker.Dispose();
        await receiver.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task Typed_and_raw_messages_each_arrive_as_one_trace_with_attributes_and_metrics()
    {
        var publish = await PublishTracedAsync();
        var typedKey = "2025-10-14T02:58:59.323405308Z_typed-trace.json";
        await bed.Bucket.WaitForObjectAsync(typedKey);
        await bed.Broker.PublishRawAsync(ReadQueue, Examples.ReadBody,
            new Dictionary<string, string> { ["destination"] = "lake", ["traceparent"] = $"00-{RawTraceId}-{RawParentId}-01" }, messageId: "raw-trace");
        await bed.Broker.PublishRawAsync(ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "nowhere" }, messageId: "lost-trace");
        await bed.Broker.PublishRawAsync(ReadQueue, "{\"data\": ["u8.ToArray(), new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "not-json");

        // Spans are exported as they end, in batches: each message's outermost span, ending last, brings those inside it.
        await receiver.WaitUntilAsync(r => r.Spans.Any(span => span.ParentSpanId == publish.SpanId.ToHexString())
            && r.Spans.Any(span => span.Name == "process " + ReadQueue && span.TraceId == RawTraceId)
            && r.Spans.Any(span => span.Name == "process " + ReadQueue && span.Attributes.GetValueOrDefault("messaging.message.id") as string == "lost-trace")
            && r.MetricPoints.Any(point => point.Name == "s3consumer.messages.undeliverable" && (string?)point.Attributes["s3consumer.reason"] == "InvalidJson")
            && r.MetricPoints.Any(point => point.Name == "s3consumer.objects.written" && point.Value >= 2) && r.Logs.Count > 0
            && r.MetricPoints.Any(point => point.ScopeName == "MassTransit") && r.MetricPoints.Any(point => point.ScopeName == "Polly")
            && r.MetricPoints.Any(point => point.Name == "s3consumer.put.retries"), TimeSpan.FromSeconds(30));
        var spans = receiver.Spans;
        var objectSize = (await bed.Bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_raw-trace.json")).Body.Length;

        // The typed message: the publisher's span (in this process) > receive > ... > process > resolve, render, put > HTTP.
        var typedPut = spans.Single(span => span.Name == "S3.PutObject" && (string?)span.Attributes["aws.s3.key"] == typedKey);
        var typed = spans.Where(span => span.TraceId == typedPut.TraceId).ToList();
        var process = Parent(typed, typedPut, "process " + ReadQueue);
        Assert.Equal("Consumer", process.Kind);
        Assert.Equal(publish.TraceId.ToHexString(), typedPut.TraceId);
        Assert.Equal(publish.SpanId.ToHexString(), Ancestors(typed, process).Last().ParentSpanId);
        Assert.All(Ancestors(typed, process), span => Assert.Equal("MassTransit", span.ScopeName));
        Assert.Equal(process.SpanId, typed.Single(span => span.Name == "resolve destination").ParentSpanId);
        Assert.Equal(process.SpanId, typed.Single(span => span.Name == "render key").ParentSpanId);
        Assert.Single(typed, span => span.Name == "PUT" && span.ParentSpanId == typedPut.SpanId);

        // The raw message: its traceparent is the parent of the worker's spans; MassTransit's consume span is linked.
        var rawProcess = spans.Single(span => span.Name == "process " + ReadQueue && span.TraceId == RawTraceId);
        Assert.Equal(RawParentId, rawProcess.ParentSpanId);
        Assert.Single(rawProcess.LinkedSpanIds);
        var raw = spans.Where(span => span.TraceId == RawTraceId).ToList();
        var rawPut = raw.Single(span => span.Name == "S3.PutObject");
        Assert.Equal(rawProcess.SpanId, rawPut.ParentSpanId);
        Assert.Equal(2, raw.Count(span => span.Name == "PUT" && span.ParentSpanId == rawPut.SpanId)); // refused once, then written

        AssertAttributes(rawProcess, ("messaging.system", "rabbitmq"), ("messaging.destination.name", ReadQueue),
            ("messaging.message.id", "raw-trace"), ("s3consumer.destination", "lake"), ("messaging.operation.type", "process"));
        AssertAttributes(rawPut, ("rpc.system", "aws-api"), ("rpc.service", "S3"), ("rpc.method", "PutObject"), ("aws.s3.bucket", bed.Bucket.Name),
            ("aws.s3.key", "2025-10-14T02:58:59.323405308Z_raw-trace.json"), ("s3consumer.storage_class", "STANDARD"),
            ("s3consumer.object.size", (long)objectSize), ("s3consumer.retry_attempts", 1L));
        Assert.Equal("s3consumer-under-test", rawPut.ServiceName);

        var failed = spans.Single(span => span.Name == "process " + ReadQueue && (string?)span.Attributes["messaging.message.id"] == "lost-trace");
        Assert.Equal(("Error", "UnknownDestination"), (failed.StatusCode, (string?)failed.Attributes["error.type"]));

        // Metric points: the worker's meter per destination, and MassTransit's and Polly's meters beside it.
        var points = receiver.MetricPoints;
        Assert.Contains(points, point => point.Name == "s3consumer.objects.written" && (string?)point.Attributes["s3consumer.destination"] == "lake" && point.Value >= 2);
        Assert.Contains(points, point => point.Name == "s3consumer.bytes.written" && point.Value >= 2 * objectSize);
        Assert.Contains(points, point => point.Name == "s3consumer.put.duration" && point.Unit == "s" && point.Count >= 2);
        Assert.Contains(points, point => point.Name == "s3consumer.put.retries" && point.Value >= 1);
        Assert.Contains(points, point => point.Name == "s3consumer.messages.undeliverable" && (string?)point.Attributes["s3consumer.reason"] == "UnknownDestination");
        Assert.Contains(points, point => point.Name == "s3consumer.messages.undeliverable" && (string?)point.Attributes["s3consumer.reason"] == "InvalidJson");
        Assert.Contains(points, point => point.ScopeName == "MassTransit");
        Assert.Contains(points, point => point.ScopeName == "Polly");

        // Log lines carry the ids of the span they were written in.
        Assert.Contains(receiver.Logs, log => log.TraceId.Length == 32 && log.SpanId.Length == 16);
    }

    // A .NET publisher that traces: MassTransit starts its send span only when something listens to its source.
    private async Task<ActivityContext> PublishTracedAsync()
    {
        var sent = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (sent) { sent.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        await TypedPublisher.PublishAsync(Examples.Typed<ReadActionMessage>(Examples.ReadBody, "lake"), new Dictionary<string, string> { ["event-id"] = "typed-trace" }, bed.VirtualHost);
        lock (sent)
        {
            return sent.Single(activity => activity.Kind == ActivityKind.Producer).Context;
        }
    }

    private static ReceivedSpan Parent(IReadOnlyList<ReceivedSpan> trace, ReceivedSpan child, string expectedName)
    {
        var parent = trace.Single(span => span.SpanId == child.ParentSpanId);
        Assert.Equal(expectedName, parent.Name);
        return parent;
    }

    private static List<ReceivedSpan> Ancestors(IReadOnlyList<ReceivedSpan> trace, ReceivedSpan span)
    {
        var ancestors = new List<ReceivedSpan>();
        for (var current = trace.SingleOrDefault(s => s.SpanId == span.ParentSpanId); current is not null; current = trace.SingleOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            ancestors.Add(current);
        }

        return ancestors;
    }

    private static void AssertAttributes(ReceivedSpan span, params (string Key, object Value)[] expected)
    {
        foreach (var (key, value) in expected)
        {
            Assert.True(span.Attributes.TryGetValue(key, out var actual), $"{span.Name} has no attribute {key}: {string.Join(", ", span.Attributes.Keys)}");
            Assert.Equal(value, actual);
        }
    }
}
