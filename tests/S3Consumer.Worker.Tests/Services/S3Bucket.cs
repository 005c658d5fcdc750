using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>A fresh bucket on the test S3 server, read back with a real S3 client.</summary>
internal sealed class S3Bucket : IAsyncDisposable
{
    private S3Bucket(AmazonS3Client client, string name)
    {
        Client = client;
        Name = name;
    }

    public AmazonS3Client Client { get; }

    public string Name { get; }

    public static async Task<S3Bucket> CreateAsync()
    {
        var client = CreateClient();
        var name = $"it-{Guid.NewGuid():N}"[..24];
        await client.PutBucketAsync(name);
        return new S3Bucket(client, name);
    }

    /// <summary>A client of the test S3 server, with the only key it takes.</summary>
    public static AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(TestServices.S3Key, TestServices.S3Key),
        new AmazonS3Config
        {
            ServiceURL = TestServices.S3Url.ToString(),
            AuthenticationRegion = TestServices.Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>
    /// Waits for the object to exist and returns its body and headers. s3rver writes an object's body and its metadata
    /// one after the other, so a read counts only when the next one, a moment later, sees the same.
    /// </summary>
    public async Task<StoredObject> WaitForObjectAsync(string key, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var previous = await ReadAsync(key, deadline);
        while (true)
        {
            await Task.Delay(100);
            var current = await ReadAsync(key, deadline);
            if (current.Matches(previous) || DateTime.UtcNow > deadline)
            {
                return current;
            }

            previous = current;
        }
    }

    private async Task<StoredObject> ReadAsync(string key, DateTime deadline)
    {
        while (true)
        {
            try
            {
                using var response = await Client.GetObjectAsync(Name, key);
                using var body = new MemoryStream();
                await response.ResponseStream.CopyToAsync(body);
                return new StoredObject(key, body.ToArray(), response.Headers.ContentType,
                    response.Metadata.Keys.ToDictionary(name => name, name => response.Metadata[name]),
                    response.StorageClass?.Value);
            }
            catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchKey" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (AmazonClientException error) when (error.Message.Contains("hash", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                // s3rver serves a large object while it is still writing it; the SDK's MD5 check then fails.
                await Task.Delay(100);
            }
        }
    }

    public async Task<IReadOnlyList<string>> KeysAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ListKeysAsync();
            }
            catch (AmazonS3Exception error) when (error.ErrorCode == "InternalError" && attempt < 5)
            {
                // s3rver fails a listing now and then while it is still writing objects.
                await Task.Delay(500);
            }
        }
    }

    private async Task<IReadOnlyList<string>> ListKeysAsync()
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Name };
        ListObjectsV2Response response;
        do
        {
            response = await Client.ListObjectsV2Async(request);
            keys.AddRange((response.S3Objects ?? []).Select(item => item.Key));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return keys;
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal sealed record StoredObject(string Key, byte[] Body, string ContentType, IReadOnlyDictionary<string, string> Metadata, string? StorageClass)
{
    public bool Matches(StoredObject other) =>
        Body.AsSpan().SequenceEqual(other.Body) && ContentType == other.ContentType && StorageClass == other.StorageClass
        && Metadata.Count == other.Metadata.Count && !Metadata.Except(other.Metadata).Any();
}
