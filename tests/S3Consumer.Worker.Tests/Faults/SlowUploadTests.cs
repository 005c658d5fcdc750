using S3Consumer.Worker.Tests.EndToEnd;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>A large object on a slow link is given the time to upload, not abandoned at the timeout meant for a small one.</summary>
[Collection(RealServices.Name)]
[Trait("Category", "Fault")]
public sealed class SlowUploadTests
{
    [Fact]
    public async Task A_large_object_slower_to_upload_than_S3_AttemptTimeout_is_written_at_its_first_attempt()
    {
        await using var bed = (await TestBed.CreateAsync(withProxy: true)).With(
            ("S3:AttemptTimeout", "00:00:01"), ("S3:MaxRetryAttempts", "1"), ("S3:HoldDelay", "00:01:00"));
        var body = DeliveryTests.LargeMessage(4 * 1024 * 1024);
        bed.Proxy.UploadBytesPerSecond = 2 * 1024 * 1024; // about two seconds for the body: twice the attempt timeout
        await using var worker = await WorkerHost.StartAsync(bed.Settings);

        await bed.Broker.PublishRawAsync(bed.ReadQueue, body, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "slow-link");

        var stored = await bed.Bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_slow-link.json", TimeSpan.FromSeconds(30));
        Assert.True(body.AsSpan().SequenceEqual(stored.Body), "The stored body differs from the message sent.");
        Assert.Equal(1, bed.Proxy.StartedPuts);
    }
}
