using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace S3Consumer.Testing;

/// <summary>A fresh bucket on the test S3 server, read back with a real S3 client, and deleted with its objects at the end.</summary>
public sealed class S3Bucket : IAsyncDisposable
{
    private S3Bucket(AmazonS3Client client, string name)
    {
        Client = client;
        Name = name;
    }

    public AmazonS3Client Client { get; }

    public string Name { get; }

    /// <summary>Creates a bucket named <paramref name="prefix"/> and a random part on <paramref name="s3Url"/> (by default <see cref="TestServices.S3Url"/>).</summary>
    public static async Task<S3Bucket> CreateAsync(Uri? s3Url = null, string prefix = "it")
    {
        var client = TestServices.CreateS3Client(s3Url);
        var name = $"{prefix}-{Guid.NewGuid():N}"[..24];
        await client.PutBucketAsync(name);
        return new S3Bucket(client, name);
    }

    /// <summary>
    /// Waits for the object to exist and returns its body and headers. s3rver writes an object's body and its metadata
    /// one after the other, so a read counts only when the next one, a moment later, sees the same.
    /// </summary>
    public async Task<StoredObject> WaitForObjectAsync(string key, TimeSpan? timeout = null)
    {
        (StoredObject? Previous, StoredObject? Current) reads = (null, null);
        await Poll.UntilAsync(
            async () =>
            {
                reads = (reads.Current, await TryReadAsync(key));
                return reads is ({ } previous, { } current) && current.Matches(previous);
            },
            timeout ?? TimeSpan.FromSeconds(30),
            $"object {key} in bucket {Name}",
            seen: () => reads.Current is { } current ? $"{current.Body.Length:N0} bytes, still changing" : "no such key");
        return reads.Current!;
    }

    /// <summary>
    /// The object as it is now; null when there is none, or not yet: s3rver serves an object while it is still writing
    /// it, and can end the body before the length it announced. One read: an object still being written may be cut short.
    /// </summary>
    public async Task<StoredObject?> TryReadAsync(string key)
    {
        try
        {
            return await ReadCheckedAsync(key);
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchKey")
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task<StoredObject> ReadCheckedAsync(string key)
    {
        try
        {
            return await ReadAsync(new GetObjectRequest { BucketName = Name, Key = key });
        }
        catch (Exception error) when (IsUncheckableETag(error))
        {
            // s3rver serves an object while it is still writing it: under load its ETag can be an MD5 that does not
            // match the body it stored, or empty ("" before its metadata is written), and the SDK's MD5 check then
            // fails or cannot start. A ranged read is not checked; the callers compare the bytes themselves.
            return await ReadAsync(new GetObjectRequest { BucketName = Name, Key = key, ByteRange = new ByteRange(0, long.MaxValue) });
        }
    }

    private static bool IsUncheckableETag(Exception error) => error switch
    {
        AmazonClientException client => client.Message.Contains("hash", StringComparison.Ordinal),
        // AWSSDKUtils.HexStringToBytes refuses an empty ETag this way.
        ArgumentOutOfRangeException { ParamName: "hex" } => true,
        _ => false,
    };

    private async Task<StoredObject> ReadAsync(GetObjectRequest request)
    {
        using var response = await Client.GetObjectAsync(request);
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);
        return new StoredObject(request.Key, body.ToArray(), response.Headers.ContentType,
            response.Metadata.Keys.ToDictionary(name => name, name => response.Metadata[name]),
            response.StorageClass?.Value, response.Headers.ContentEncoding);
    }

    public async Task<IReadOnlyList<string>> KeysAsync() => [.. (await ListAsync()).Select(item => item.Key)];

    /// <summary>Each object's key and ETag: for an object written by one PUT, the hex MD5 of the body S3 received.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ETagsAsync() =>
        (await ListAsync()).ToDictionary(item => item.Key, item => item.ETag.Trim('"'), StringComparer.Ordinal);

    private async Task<IReadOnlyList<S3Object>> ListAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ListOnceAsync();
            }
            catch (AmazonS3Exception error) when (error.ErrorCode == "InternalError" && attempt < 5)
            {
                // s3rver fails a listing now and then while it is still writing objects.
                await Task.Delay(500);
            }
        }
    }

    private async Task<IReadOnlyList<S3Object>> ListOnceAsync()
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = Name };
        ListObjectsV2Response response;
        do
        {
            response = await Client.ListObjectsV2Async(request);
            objects.AddRange(response.S3Objects ?? []);
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return objects;
    }

    /// <summary>Deletes the objects and the bucket (one a test deleted itself is fine), so that a run leaves nothing behind.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var batch in (await KeysAsync()).Chunk(1000))
            {
                await Client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = Name, Objects = [.. batch.Select(key => new KeyVersion { Key = key })] });
            }

            await Client.DeleteBucketAsync(Name);
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchBucket")
        {
        }
        finally
        {
            Client.Dispose();
        }
    }
}

public sealed record StoredObject(
    string Key, byte[] Body, string ContentType, IReadOnlyDictionary<string, string> Metadata, string? StorageClass, string? ContentEncoding = null)
{
    public bool Matches(StoredObject other) =>
        other is not null && Body.AsSpan().SequenceEqual(other.Body) && ContentType == other.ContentType && StorageClass == other.StorageClass
        && Metadata.Count == other.Metadata.Count && !Metadata.Except(other.Metadata).Any();
}
