using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// B0, the S3 ceiling: PutObject in a loop, as many in flight as the worker writes at once, with the worker's client
/// settings, body and metadata, and no broker: what the S3 server takes.
/// </summary>
internal sealed class S3Ceiling(int concurrency)
{
    /// <summary>The CPU of a run against the blackhole, which runs in the harness beside the SDK: both together.</summary>
    public const string SdkAndBlackhole = "harness (SDK and blackhole)";

    /// <summary>Writes <paramref name="objects"/> objects to the sink: s3rver (B0), or the blackhole (the S3 client's own ceiling).</summary>
    public async Task<Throughput> RunAsync(IObjectSink sink, int objects, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(body);
        var (bucket, server) = (sink.Bucket, sink.Process);
        // The SDK's own retries stand in for the worker's Polly pipeline.
        using var client = TestServices.CreateS3Client(sink.Url, maxErrorRetry: 4);
        using var timeout = new CancellationTokenSource(Poll.For(objects));
        var meter = server.Pid == Environment.ProcessId
            ? CpuMeter.Start((SdkAndBlackhole, server.Pid))
            : CpuMeter.Start(server, ("harness (SDK)", Environment.ProcessId));
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, objects), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = timeout.Token },
            async (index, cancellation) => await client.PutObjectAsync(Request(bucket, BenchMessages.MessageId(index), body), cancellation));
        return new Throughput(objects, watch.Elapsed, meter.Stop());
    }

    private static PutObjectRequest Request(string bucket, string messageId, byte[] body)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = BenchMessages.Key(messageId),
            InputStream = new MemoryStream(body, writable: false),
            AutoCloseStream = true,
            ContentType = "application/json",
            StorageClass = S3StorageClass.Standard,
            UseChunkEncoding = false,
        };
        request.Headers.ContentLength = body.Length;
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["projectId"] = "9482e676-4874-43a4-beea-fa8081d13a07",
            ["installationId"] = "085353b1-07f1-4209-b471-7e028c0a68c8",
            ["destinationId"] = BenchMessages.Destination,
            ["operationId"] = "0199e0a8-149d-7ee9-9f50-0514403517f9",
            ["objectName"] = "contacts",
            ["event-id"] = messageId,
            ["timestamp"] = "2025-10-14T02:58:59.323405308Z",
            ["topic"] = "bench",
        })
        {
            request.Metadata.Add(name, value);
        }

        return request;
    }
}
