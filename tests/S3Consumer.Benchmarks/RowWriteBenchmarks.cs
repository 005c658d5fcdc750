using BenchmarkDotNet.Attributes;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;

namespace S3Consumer.Benchmarks;

/// <summary>
/// The cost of one batch of 1,000 example messages (one record each) written as rows: each message's rows made (as a
/// message is when it joins its batch), then the object written, as Parquet and as NDJSON rows, beside the batch of
/// message lines the worker writes today (the baseline). The bytes each writes are printed once, before the runs.
/// </summary>
[MemoryDiagnoser]
public class RowWriteBenchmarks
{
    private const int Messages = 1000;

    private (ActionMessage Read, BatchMessage Line)[] messages = null!;
    private Destination lake = null!;

    [Params("gzip", "zstd")]
    public string Compression { get; set; } = "gzip";

    private BatchCompression Codec => BatchCompressions.TryParse(Compression, out var codec) ? codec : throw new InvalidOperationException(Compression);

    [GlobalSetup]
    public void Setup()
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", "read-action.json"));
        var read = ActionMessageReader.Read(new InboundMessage { QueueAction = "read", QueueName = "s3consumer-read", Body = body });
        _ = EventTime.TryParse("2025-10-14T02:58:59.323405308Z", out var time);
        messages = [.. Enumerable.Range(0, Messages).Select(_ => (read, new BatchMessage(
            new ObjectContent(read.Payload),
            new ObjectMetadata { DestinationId = "lake", EventId = Guid.NewGuid().ToString(), Timestamp = "2025-10-14T02:58:59.323405308Z", Topic = "t" },
            time)))];
        lake = new Destination(
            "lake",
            new DestinationOptions { Bucket = "b", Region = "us-west-2", Batch = new() { MaxMessages = Messages, Compression = Compression } },
            "STANDARD",
            ObjectKeyTemplate.Default);
        Console.WriteLine($"// bytes of 1,000 messages, {Compression}: message lines {MessageLines():N0}, NDJSON rows {NdjsonRows():N0}, Parquet {Parquet().GetAwaiter().GetResult():N0}");
    }

    [Benchmark(Baseline = true, Description = "message lines (today's batch)")]
    public long MessageLines()
    {
        var accumulator = new BatchAccumulator(lake);
        var closed = messages.SelectMany(message => accumulator.Add(message.Line, DateTimeOffset.UnixEpoch)).Single();
        using var batchObject = closed.Write();
        return batchObject.Length;
    }

    [Benchmark(Description = "NDJSON rows")]
    public long NdjsonRows()
    {
        var rows = RowsOf();
        using var body = new PooledBufferStream();
        using (var compressor = Codec.Compress(body))
        {
            var writer = new NdjsonRowsWriter(compressor);
            foreach (var message in rows)
            {
                writer.Write(message);
            }
        }

        return body.Length;
    }

    [Benchmark(Description = "Parquet rows")]
    public async Task<long> Parquet()
    {
        var rows = RowsOf();
        using var body = new PooledBufferStream();
        await using (var writer = await ParquetRowsWriter.CreateAsync(body, Codec, CancellationToken.None))
        {
            foreach (var message in rows)
            {
                await writer.WriteAsync(message, CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        return body.Length;
    }

    private List<MessageRows> RowsOf() => [.. messages.Select(message => MessageRows.Of(message.Read, message.Line.Metadata, message.Line.Time))];
}
