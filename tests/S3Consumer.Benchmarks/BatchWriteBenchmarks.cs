using BenchmarkDotNet.Attributes;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Benchmarks;

/// <summary>The cost of one batch of 1,000 example messages: gathering them (a key check each) and writing the object.</summary>
[MemoryDiagnoser]
public class BatchWriteBenchmarks
{
    private const int Messages = 1000;

    private BatchMessage[] messages = null!;
    private Destination lake = null!;

    [Params("none", "gzip", "zstd")]
    public string Compression { get; set; } = "gzip";

    [GlobalSetup]
    public void Setup()
    {
        var data = ActionMessageReader.Read(Examples.Read()).Payload;
        _ = EventTime.TryParse("2025-10-14T02:58:59.323405308Z", out var time);
        messages = [.. Enumerable.Range(0, Messages).Select(number => new BatchMessage(
            new ObjectContent(data),
            new ObjectMetadata { DestinationId = "lake", EventId = Guid.NewGuid().ToString(), Timestamp = "2025-10-14T02:58:59.323405308Z", Topic = "t" },
            time))];
        lake = new Destination(
            "lake",
            new DestinationOptions { Bucket = "b", Region = "us-west-2", Batch = new() { MaxMessages = Messages, Compression = Compression } },
            "STANDARD",
            ObjectKeyTemplate.Default);
    }

    [Benchmark(Description = "1,000 messages: add each, write the batch object")]
    public long AddAndWrite()
    {
        var accumulator = new BatchAccumulator(lake);
        var closed = messages.SelectMany(message => accumulator.Add(message, DateTimeOffset.UnixEpoch)).Single();
        using var batchObject = closed.Write();
        return batchObject.Length;
    }
}
