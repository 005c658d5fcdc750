using PutObjectRequest = Amazon.S3.Model.PutObjectRequest;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>
/// A destination with <c>Overwrite: false</c> writes with <c>If-None-Match: *</c>, and takes S3's 412
/// PreconditionFailed for a key already taken as written, keeping what is there. s3rver ignores the header: the fault
/// proxy answers it as S3 does (a HEAD of the key, then 412 if it exists), so this tests the worker's side of the
/// exchange, not a server that honours the condition.
/// </summary>
[Collection(RealServices.Name)]
public sealed class NoOverwriteTests
{
    private const string Key = "2025-10-14T02:58:59.323405308Z_keep-1.json";

    [Fact]
    public async Task A_key_already_taken_counts_as_written_and_is_not_overwritten()
    {
        await using var bed = (await TestBed.CreateAsync(withProxy: true)).With([("Destinations:lake:Overwrite", "false"), .. WorkerHost.InOrder]);
        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        var (bucket, broker) = (bed.Bucket, bed.Broker);
        var headers = new Dictionary<string, string> { ["destination"] = "lake" };
        await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, headers, messageId: "keep-1");
        await bucket.WaitForObjectAsync(Key);
        await bucket.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket.Name, Key = Key, ContentBody = "{\"data\":\"first\"}", UseChunkEncoding = false });

        await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, headers, messageId: "keep-1");
        await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, headers, messageId: "after-keep");
        // In order, one at a time: when after-keep is written, keep-1's second write was answered and acknowledged.
        await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_after-keep.json");

        Assert.Equal("{\"data\":\"first\"}", Encoding.UTF8.GetString((await bucket.WaitForObjectAsync(Key)).Body));
        Assert.Equal(3, bed.Proxy.ConditionalPuts);
        Assert.Equal(0u, await broker.CountAsync($"{worker.ReadQueue}_error"));
        Assert.Equal(0u, await broker.CountAsync(worker.ReadQueue));
    }
}
