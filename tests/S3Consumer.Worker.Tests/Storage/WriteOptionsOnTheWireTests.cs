using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>Encryption, checksum, expected owner, ACL and tags reach S3 as its own headers, only for the destination that sets them.</summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class WriteOptionsOnTheWireTests : IAsyncLifetime
{
    private static readonly string[] SettingHeaders =
    [
        "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id", "x-amz-expected-bucket-owner", "x-amz-acl", "x-amz-tagging",
    ];

    private S3Bucket bucket = null!;
    private S3RecordingProxy proxy = null!;
    private WorkerHost worker = null!;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        proxy = await S3RecordingProxy.StartAsync();
        (string, string)[] dressed = [.. WorkerHost.Destination("dressed", bucket.Name).Select(setting => (setting.Key, setting.Value!))];
        worker = await WorkerHost.StartAsync(bucket.Name,
        [
            ("Destinations:lake:ServiceUrl", proxy.Url.ToString()),
            .. dressed,
            ("Destinations:dressed:ServiceUrl", proxy.Url.ToString()),
            ("Destinations:dressed:ServerSideEncryption", "aws:kms"),
            ("Destinations:dressed:KmsKeyId", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            ("Destinations:dressed:ChecksumAlgorithm", "CRC32C"),
            ("Destinations:dressed:ExpectedBucketOwner", "123456789012"),
            ("Destinations:dressed:Acl", "bucket-owner-full-control"),
            ("Destinations:dressed:Tags:team", "data platform"),
            ("Destinations:dressed:Tags:source", "s3consumer"),
        ]);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await using (var broker = await Broker.ConnectAsync())
        {
            await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
        }

        await proxy.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task A_destination_that_sets_them_sends_each_header_and_one_that_does_not_sends_none()
    {
        await using var broker = await Broker.ConnectAsync();
        foreach (var destination in new[] { "dressed", "lake" })
        {
            await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = destination }, messageId: destination);
        }

        var stored = await Task.WhenAll(bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_dressed.json"), bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_lake.json"));

        Assert.All(stored, written => Assert.Contains("\"operationTime\"", System.Text.Encoding.UTF8.GetString(written.Body), StringComparison.Ordinal));
        var dressed = Assert.Single(proxy.PutsOf("2025-10-14T02:58:59.323405308Z_dressed.json")).Headers;
        Assert.Equal("aws:kms", dressed["x-amz-server-side-encryption"]);
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", dressed["x-amz-server-side-encryption-aws-kms-key-id"]);
        Assert.Equal("CRC32C", dressed["x-amz-sdk-checksum-algorithm"]);
        Assert.Matches("^[A-Za-z0-9+/]{6}==$", dressed["x-amz-checksum-crc32c"]);
        Assert.Equal("123456789012", dressed["x-amz-expected-bucket-owner"]);
        Assert.Equal("bucket-owner-full-control", dressed["x-amz-acl"]);
        Assert.Equal(["source=s3consumer", "team=data%20platform"], dressed["x-amz-tagging"].Split('&').Order());

        var plain = Assert.Single(proxy.PutsOf("2025-10-14T02:58:59.323405308Z_lake.json")).Headers;
        Assert.DoesNotContain(plain.Keys, name => SettingHeaders.Contains(name) || name.StartsWith("x-amz-checksum-", StringComparison.Ordinal) || name == "x-amz-sdk-checksum-algorithm");
    }
}
