using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using S3Consumer.Testing.Telemetry;
using S3Consumer.Worker.Tests.Telemetry;

namespace S3Consumer.Worker.Tests.Rows;

/// <summary>
/// A worker process with three destinations of rows, each writing to a bucket of its own: <c>lake</c> one NDJSON object
/// per message (<c>Format</c> records), <c>ndjson</c> batches of NDJSON rows (gzip), <c>parquet</c> batches of Parquet
/// rows (zstd) partitioned Hive-style by day; <c>localhost</c> in Results:AllowedHosts, served by an HTTPS server whose
/// <c>/records/{count}/{number}</c> answers <see cref="RowMessages.Records"/>, and the test's CA trusted through
/// <c>SSL_CERT_FILE</c>. Spans, logs and metrics go to an OTLP receiver.
/// </summary>
public sealed class RowsSetup : IAsyncLifetime
{
    public const string ParquetPartitionBy = "join('', ['day=', time.date])";

    private readonly Dictionary<string, S3Bucket> buckets = new(StringComparer.Ordinal);
    private TestCertificateAuthority authority = null!;
    private WorkerProcess process = null!;

    internal HttpsServer Results { get; private set; } = null!;

    internal Broker Broker { get; private set; } = null!;

    internal OtlpReceiver Telemetry { get; private set; } = null!;

    internal Dictionary<string, string?> Settings { get; private set; } = null!;

    internal string ReadQueue => Settings["Queues:Read"]!;

    internal string SubscribeQueue => Settings["Queues:Subscribe"]!;

    internal IEnumerable<string> WorkerOutput => process.Output;

    /// <summary>Messages without records sent so far, which the worker counts as skipped.</summary>
    internal int WithoutRecords { get; set; }

    internal S3Bucket Bucket(string destination) => buckets[destination];

    public async Task InitializeAsync()
    {
        authority = TestCertificateAuthority.Create();
        Results = await HttpsServer.StartAsync(authority.Server, app => app.MapGet(
            "/records/{count:int}/{number:int}",
            (HttpContext context, int count, int number) =>
            {
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(RowMessages.Records(number, count), Encoding.UTF8);
            }));
        foreach (var destination in new[] { "lake", "ndjson", "parquet" })
        {
            buckets[destination] = await S3Bucket.CreateAsync();
        }

        Broker = await Broker.ConnectAsync();
        Telemetry = await OtlpReceiver.StartAsync();
        Settings = WorkerHost.Settings(
            buckets["lake"].Name,
            [.. WorkerHost.Destination("ndjson", buckets["ndjson"].Name).Select(setting => (setting.Key, setting.Value!)),
             .. WorkerHost.Destination("parquet", buckets["parquet"].Name).Select(setting => (setting.Key, setting.Value!)),
             ("Destinations:lake:Format", "records"),
             ("Destinations:ndjson:Format", "records"), ("Destinations:ndjson:Batch:MaxMessages", "40"), ("Destinations:ndjson:Batch:MaxWait", "00:00:01"),
             ("Destinations:parquet:Format", "parquet"), ("Destinations:parquet:Batch:MaxMessages", "40"), ("Destinations:parquet:Batch:MaxWait", "00:00:01"),
             ("Destinations:parquet:Batch:Compression", "zstd"), ("Destinations:parquet:Batch:PartitionBy", ParquetPartitionBy),
             ("Results:AllowedHosts:0", "localhost"),
             ("OTEL_EXPORTER_OTLP_ENDPOINT", Telemetry.Endpoint.ToString()), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
             ("OTEL_BSP_SCHEDULE_DELAY", "200"), ("OTEL_BLRP_SCHEDULE_DELAY", "200"), ("OTEL_METRIC_EXPORT_INTERVAL", "500")]);
        Settings["SSL_CERT_FILE"] = authority.BundlePath;
        process = await WorkerProcess.StartAsync(Settings, ReadQueue);
    }

    public async Task DisposeAsync()
    {
        process.Dispose();
        await Broker.DeleteQueuesAsync(ReadQueue, SubscribeQueue);
        await Broker.DisposeAsync();
        foreach (var bucket in buckets.Values)
        {
            await bucket.DisposeAsync();
        }

        await Telemetry.DisposeAsync();
        await Results.DisposeAsync();
        authority.Dispose();
    }
}
