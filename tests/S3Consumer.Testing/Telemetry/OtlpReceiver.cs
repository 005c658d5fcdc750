using System.Collections.Concurrent;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using S3Consumer.Testing.Telemetry.Otlp;

namespace S3Consumer.Testing.Telemetry;

/// <summary>An in-process OTLP/HTTP (protobuf) collector: point an OTLP exporter at <see cref="Endpoint"/>, then assert on what arrived.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private const string Protobuf = "application/x-protobuf";

    private readonly WebApplication app;
    private readonly Func<ReceivedSpan, bool> keepSpan;
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly ConcurrentQueue<ReceivedMetricPoint> metricPoints = new();
    private readonly ConcurrentQueue<ReceivedLog> logs = new();

    private OtlpReceiver(WebApplication app, Func<ReceivedSpan, bool> keepSpan)
    {
        this.app = app;
        this.keepSpan = keepSpan;
    }

    /// <summary>The base address (no path); the exporter posts to /v1/traces, /v1/metrics and /v1/logs under it.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ReceivedSpan> Spans => spans.ToArray();

    public IReadOnlyList<ReceivedMetricPoint> MetricPoints => metricPoints.ToArray();

    public IReadOnlyList<ReceivedLog> Logs => logs.ToArray();

    /// <summary>
    /// Starts listening. <paramref name="keepSpan"/> sees each span as it arrives and says whether to keep it in
    /// <see cref="Spans"/> (by default every one): a long run looks at each and keeps what it needs in a form of its own.
    /// </summary>
    public static async Task<OtlpReceiver> StartAsync(Func<ReceivedSpan, bool>? keepSpan = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Overrides any Urls from the environment or from the worker's appsettings.json copied next to the tests.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, keepSpan ?? (_ => true));
        app.MapPost("/v1/traces", context => Receive(
            context, ExportTraceServiceRequest.Parser, request => OtlpConversions.Spans(request).Where(receiver.keepSpan), receiver.spans, new ExportTraceServiceResponse()));
        app.MapPost("/v1/metrics", context => Receive(
            context, ExportMetricsServiceRequest.Parser, OtlpConversions.MetricPoints, receiver.metricPoints, new ExportMetricsServiceResponse()));
        app.MapPost("/v1/logs", context => Receive(
            context, ExportLogsServiceRequest.Parser, OtlpConversions.Logs, receiver.logs, new ExportLogsServiceResponse()));
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Urls.Single());
        return receiver;
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails, listing what arrived, if it does not hold within <paramref name="timeout"/>.</summary>
    public Task WaitUntilAsync(Func<OtlpReceiver, bool> condition, TimeSpan timeout) =>
        Poll.UntilAsync(() => condition(this), timeout, "the expected telemetry",
            seen: () => $"spans [{string.Join(", ", Spans.Select(span => span.Name))}]; " +
                $"metrics [{string.Join(", ", MetricPoints.Select(point => point.Name).Distinct())}]; {Logs.Count} log records");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task Receive<TRequest, TRecord>(HttpContext context, MessageParser<TRequest> parser,
        Func<TRequest, IEnumerable<TRecord>> flatten, ConcurrentQueue<TRecord> received, IMessage response)
        where TRequest : IMessage<TRequest>
    {
        if (context.Request.ContentType?.StartsWith(Protobuf, StringComparison.OrdinalIgnoreCase) != true)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        // Kestrel forbids synchronous reads and the parser reads synchronously, so the body is buffered first.
        using var buffer = new MemoryStream();
        if (context.Request.Headers.ContentEncoding == "gzip")
        {
            await using var gzip = new GZipStream(context.Request.Body, CompressionMode.Decompress);
            await gzip.CopyToAsync(buffer, context.RequestAborted);
        }
        else
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }

        foreach (var record in flatten(parser.ParseFrom(buffer.GetBuffer(), 0, (int)buffer.Length)))
        {
            received.Enqueue(record);
        }

        context.Response.ContentType = Protobuf;
        await context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted);
    }
}
