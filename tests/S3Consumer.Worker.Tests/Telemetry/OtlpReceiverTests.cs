using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using S3Consumer.Testing.Telemetry;
using Otlp = S3Consumer.Testing.Telemetry.Otlp;

namespace S3Consumer.Worker.Tests.Telemetry;

public sealed partial class OtlpReceiverTests
{
    private const string ServiceName = "otlp-receiver-test";
    private static readonly string[] Keys = ["a.json", "b.json"];

    [Fact]
    public async Task Receives_spans_metrics_and_logs_sent_over_otlp_http()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        // Unique names keep telemetry of other tests in this process out of these providers.
        var scope = $"S3Consumer.Tests.Otlp.{Guid.NewGuid():N}";
        var resource = ResourceBuilder.CreateEmpty().AddService(ServiceName);
        using var source = new ActivitySource(scope);
        using var meter = new Meter(scope);
        using var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(scope)
            .AddOtlpExporter(options => Configure(options, receiver, "traces"))
            .Build();
        using var meterProvider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(scope)
            .AddOtlpExporter(options => Configure(options, receiver, "metrics"))
            .Build();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
        {
            options.SetResourceBuilder(resource);
            options.IncludeFormattedMessage = true;
            options.AddOtlpExporter(exporter => Configure(exporter, receiver, "logs"));
        }));
        var logger = loggerFactory.CreateLogger<OtlpReceiverTests>();
        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        string traceId, parentId, childId;
        using (var parent = source.StartActivity("receive message", ActivityKind.Consumer))
        {
            Assert.NotNull(parent);
            using (var child = source.StartActivity("put object", ActivityKind.Client, parent.Context, links: [new ActivityLink(linked)]))
            {
                Assert.NotNull(child);
                child.SetTag("s3.bucket", "lake");
                child.SetTag("s3.attempt", 2);
                child.SetTag("s3.overwrite", false);
                child.SetTag("s3.seconds", 1.5);
                child.SetTag("s3.keys", Keys);
                child.SetStatus(ActivityStatusCode.Error);
                LogStored(logger, "a.json");
                childId = child.SpanId.ToHexString();
            }

            traceId = parent.TraceId.ToHexString();
            parentId = parent.SpanId.ToHexString();
        }

        meter.CreateCounter<long>("test.messages", "{message}").Add(3, new KeyValuePair<string, object?>("outcome", "stored"));
        meter.CreateHistogram<double>("test.duration", "s").Record(0.25);

        Assert.True(tracerProvider.ForceFlush());
        Assert.True(meterProvider.ForceFlush());
        loggerFactory.Dispose(); // the logger provider flushes its batch when disposed

        await receiver.WaitUntilAsync(
            received => received.Spans.Count == 2 && received.MetricPoints.Count >= 2 && received.Logs.Count == 1, TimeSpan.FromSeconds(10));

        var parentSpan = Assert.Single(receiver.Spans, span => span.Name == "receive message");
        Assert.Equal((traceId, parentId, "", "Consumer", ServiceName, scope, "Unset"),
            (parentSpan.TraceId, parentSpan.SpanId, parentSpan.ParentSpanId, parentSpan.Kind, parentSpan.ServiceName, parentSpan.ScopeName, parentSpan.StatusCode));

        var childSpan = Assert.Single(receiver.Spans, span => span.Name == "put object");
        Assert.Equal((traceId, childId, parentId, "Client", "Error"),
            (childSpan.TraceId, childSpan.SpanId, childSpan.ParentSpanId, childSpan.Kind, childSpan.StatusCode));
        Assert.Equal(linked.SpanId.ToHexString(), Assert.Single(childSpan.LinkedSpanIds));
        Assert.Equal("lake", childSpan.Attributes["s3.bucket"]);
        Assert.Equal(2L, childSpan.Attributes["s3.attempt"]);
        Assert.False(Assert.IsType<bool>(childSpan.Attributes["s3.overwrite"]));
        Assert.Equal(1.5, childSpan.Attributes["s3.seconds"]);
        Assert.Equal(["a.json", "b.json"], Assert.IsType<object[]>(childSpan.Attributes["s3.keys"]));

        var counter = Assert.Single(receiver.MetricPoints, point => point.Name == "test.messages");
        Assert.Equal(("{message}", scope, ServiceName, 3.0, "stored"), (counter.Unit, counter.ScopeName, counter.ServiceName, counter.Value, counter.Attributes["outcome"]));
        var histogram = Assert.Single(receiver.MetricPoints, point => point.Name == "test.duration");
        Assert.Equal(("s", (ulong?)1, 0.25, (double?)null), (histogram.Unit, histogram.Count, histogram.Sum, histogram.Value));

        var log = Assert.Single(receiver.Logs);
        Assert.Equal(("Stored a.json", "Information", traceId, childId, "a.json"), (log.Body, log.Severity, log.TraceId, log.SpanId, log.Attributes["ObjectKey"]));
    }

    [Fact]
    public async Task Accepts_gzip_compressed_requests()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var record = new Otlp.LogRecord { Body = new Otlp.AnyValue { StringValue = "zipped" } };
        var request = new Otlp.ExportLogsServiceRequest
        {
            ResourceLogs = { new Otlp.ResourceLogs { ScopeLogs = { new Otlp.ScopeLogs { LogRecords = { record } } } } },
        };
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            request.WriteTo(gzip);
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        using var client = new HttpClient();
        using var response = await client.PostAsync(new Uri(receiver.Endpoint, "/v1/logs"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("zipped", Assert.Single(receiver.Logs).Body);
    }

    private static void Configure(OtlpExporterOptions options, OtlpReceiver receiver, string signal)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        // A programmatic endpoint is used as is: the exporter appends /v1/<signal> only to one from the environment.
        options.Endpoint = new Uri(receiver.Endpoint, $"/v1/{signal}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {ObjectKey}")]
    private static partial void LogStored(ILogger logger, string objectKey);
}
