using S3Consumer.Core.Rows;
using S3Consumer.Testing.Telemetry;

namespace S3Consumer.Worker.Tests.Rows;

/// <summary>
/// A reload that changes a batched destination's <c>Format</c> while its batches are open, through the built worker
/// (<c>S3CONSUMER_CONFIG</c> rewritten while it runs), RabbitMQ and s3rver: the open batches are written in the format
/// they were opened with, the messages after the reload in the new one, and every row sent is in S3 once.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Process")]
public sealed class RowsReloadTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ConfigurationFile configFile = new();
    private readonly DirectoryInfo downloaded = Directory.CreateTempSubdirectory("s3consumer-rows-reload-");
    private TestBed bed = null!;
    private OtlpReceiver telemetry = null!;

    public async Task InitializeAsync()
    {
        // Only the spans that say a message's key was rendered: it joins its batch right after, in the same synchronous step.
        telemetry = await OtlpReceiver.StartAsync(span => span.Name == "render key");
        bed = (await TestBed.CreateAsync()).With(
            ("S3CONSUMER_CONFIG", configFile.Path),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", telemetry.Endpoint.ToString()), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), ("OTEL_BSP_SCHEDULE_DELAY", "200"));
    }

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        await telemetry.DisposeAsync();
    }

    public void Dispose()
    {
        configFile.Delete();
        downloaded.Delete(recursive: true);
    }

    [Fact]
    public async Task Open_batches_are_written_in_the_format_they_were_opened_with_and_later_messages_in_the_reloaded_one()
    {
        // MaxWait far beyond the test's patience: only the reload's drain can write the first batches in time.
        configFile.Write(Lake("records", maxWait: "00:05:00"));
        using var worker = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);
        var before = RowMessages.Create(bed.ReadQueue, bed.SubscribeQueue, reads: 40, urlReads: 0, subscribes: 20, path => path);
        await before.PublishAsync(bed.Broker, "lake");
        // Each message joins its batch in the step that rendered its key, before the exporter's next round sends the span.
        await telemetry.WaitUntilAsync(received => received.Spans.Count >= before.Count, Patience);
        Assert.Empty(await bed.Bucket.KeysAsync());

        configFile.Write(Lake("parquet", maxWait: "00:00:01"));
        await worker.WaitUntilAsync(
            () => Task.FromResult(worker.Output.Any(line => line.Contains("Destinations reloaded: added [], changed [lake], removed []", StringComparison.Ordinal))),
            Patience, "the worker to reload destination lake");
        var after = RowMessages.Create(bed.ReadQueue, bed.SubscribeQueue, reads: 40, urlReads: 0, subscribes: 20, path => path);
        await after.PublishAsync(bed.Broker, "lake");

        IReadOnlyList<string> ndjson = [];
        IReadOnlyList<string> parquet = [];
        await worker.WaitUntilAsync(
            async () =>
            {
                var objects = await WrittenRows.ObjectsAsync(bed.Bucket);
                ndjson = [.. objects.Where(stored => stored.Key.EndsWith(".ndjson.gz", StringComparison.Ordinal)).SelectMany(WrittenRows.OfNdjson)];
                parquet = await WrittenRows.OfParquetAsync([.. objects.Where(stored => stored.Key.EndsWith(".parquet", StringComparison.Ordinal))], downloaded);
                return ndjson.Count >= before.Rows.Count && parquet.Count >= after.Rows.Count;
            },
            Patience,
            $"{before.Rows.Count} NDJSON rows and {after.Rows.Count} Parquet rows",
            interval: TimeSpan.FromMilliseconds(500),
            seen: () => $"{ndjson.Count} NDJSON rows, {parquet.Count} Parquet rows");

        Assert.Equal(before.Rows.Select(WrittenRows.Id).Order(StringComparer.Ordinal), ndjson.Order(StringComparer.Ordinal));
        Assert.Equal(after.Rows.Select(WrittenRows.Id).Order(StringComparer.Ordinal), parquet.Order(StringComparer.Ordinal));
        var objects = await WrittenRows.ObjectsAsync(bed.Bucket);
        Assert.All(objects, stored => Assert.Contains(
            (Path.GetExtension(stored.Key), stored.ContentType, stored.ContentEncoding),
            new[] { (".gz", "application/x-ndjson", "gzip"), (".parquet", ObjectFormats.ParquetContentType, (string?)null) }));
        Assert.Equal(0u, await bed.Broker.CountAsync($"{bed.ReadQueue}_error"));
        Assert.Equal(0u, await bed.Broker.CountAsync($"{bed.SubscribeQueue}_error"));
        output.WriteLine($"{objects.Count} objects: {ndjson.Count} NDJSON rows before the reload, {parquet.Count} Parquet rows after it");
    }

    // Destination lake's Format and batching, over the bucket and credentials the bed's settings give it.
    private static string Lake(string format, string maxWait) => $$"""
        {
          "Destinations": {
            "lake": {
              "Format": "{{format}}",
              "Batch": { "MaxMessages": 1000, "MaxWait": "{{maxWait}}", "PartitionBy": "{{RowsSetup.ParquetPartitionBy}}" }
            }
          }
        }
        """;
}
