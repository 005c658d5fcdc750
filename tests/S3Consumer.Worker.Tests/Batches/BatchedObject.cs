using System.IO.Compression;
using ZstdSharp;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>
/// A batch object as read back: the object, and its NDJSON lines after decompressing as its Content-Encoding says; or,
/// not <see cref="Whole"/>, what s3rver keeps of a PUT cut off (S3 itself stores an object whole or not at all).
/// </summary>
internal sealed record BatchedObject(StoredObject Object, IReadOnlyList<string> Lines, bool Whole = true)
{
    public string Metadata(string name) => Object.Metadata.GetValueOrDefault($"x-amz-meta-{name}") ?? "";

    /// <summary>Every object in the bucket, each read once its body and metadata are written.</summary>
    public static async Task<IReadOnlyList<BatchedObject>> ReadAllAsync(S3Bucket bucket)
    {
        var objects = new List<BatchedObject>();
        foreach (var key in await bucket.KeysAsync())
        {
            var stored = await bucket.WaitForObjectAsync(key);
            objects.Add(LinesOf(stored) is { } lines ? new BatchedObject(stored, lines) : new BatchedObject(stored, [], Whole: false));
        }

        return objects;
    }

    /// <summary>
    /// Every object in the bucket, each read once, several at a time: for a bucket of many objects that no write is
    /// changing any more (or where one still being written may be read again later).
    /// </summary>
    public static async Task<IReadOnlyList<BatchedObject>> ReadSettledAsync(S3Bucket bucket)
    {
        var objects = new System.Collections.Concurrent.ConcurrentBag<BatchedObject>();
        await Parallel.ForEachAsync(await bucket.KeysAsync(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, _) =>
        {
            if (await bucket.TryReadAsync(key) is { } stored)
            {
                objects.Add(LinesOf(stored) is { } lines ? new BatchedObject(stored, lines) : new BatchedObject(stored, [], Whole: false));
            }
        });
        return [.. objects];
    }

    /// <summary>Waits until the bucket's objects hold <paramref name="lines"/> lines in all, each object whole, and returns them.</summary>
    public static async Task<IReadOnlyList<BatchedObject>> WaitForLinesAsync(S3Bucket bucket, int lines, TimeSpan? timeout = null)
    {
        IReadOnlyList<BatchedObject> objects = [];
        await Poll.UntilAsync(
            async () => (objects = await ReadAllAsync(bucket)).Sum(batch => batch.Lines.Count) >= lines && objects.All(batch => batch.Whole),
            timeout ?? TimeSpan.FromSeconds(60),
            $"{lines} messages in batch objects of bucket {bucket.Name}",
            interval: TimeSpan.FromMilliseconds(250),
            seen: () => $"{objects.Count} object(s) with {objects.Sum(batch => batch.Lines.Count)} line(s)");
        return objects;
    }

    // Null for a body that is not whole NDJSON.
    private static List<string>? LinesOf(StoredObject stored)
    {
        using var compressed = new MemoryStream(stored.Body);
        using Stream plain = stored.ContentEncoding switch
        {
            "gzip" => new GZipStream(compressed, CompressionMode.Decompress),
            "zstd" => new DecompressionStream(compressed),
            null or "" => compressed,
            var other => throw new InvalidDataException($"Object {stored.Key} has Content-Encoding '{other}'."),
        };
        using var reader = new StreamReader(plain, Encoding.UTF8);
        try
        {
            var text = reader.ReadToEnd();
            List<string> lines = text.EndsWith('\n') ? [.. text[..^1].Split('\n')] : [];
            return lines.Count > 0 && lines.All(line => line.StartsWith("{\"data\":", StringComparison.Ordinal) && line.EndsWith('}')) ? lines : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
