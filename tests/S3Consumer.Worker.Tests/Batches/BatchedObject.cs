using System.IO.Compression;
using ZstdSharp;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>A batch object as read back: the object, and its NDJSON lines after decompressing as its Content-Encoding says.</summary>
internal sealed record BatchedObject(StoredObject Object, IReadOnlyList<string> Lines)
{
    public string Metadata(string name) => Object.Metadata.GetValueOrDefault($"x-amz-meta-{name}") ?? "";

    /// <summary>Every object in the bucket, each read once its body and metadata are written.</summary>
    public static async Task<IReadOnlyList<BatchedObject>> ReadAllAsync(S3Bucket bucket)
    {
        var objects = new List<BatchedObject>();
        foreach (var key in await bucket.KeysAsync())
        {
            var stored = await bucket.WaitForObjectAsync(key);
            objects.Add(new BatchedObject(stored, LinesOf(stored)));
        }

        return objects;
    }

    /// <summary>Waits until the bucket's objects hold <paramref name="lines"/> lines in all, and returns them.</summary>
    public static async Task<IReadOnlyList<BatchedObject>> WaitForLinesAsync(S3Bucket bucket, int lines, TimeSpan? timeout = null)
    {
        IReadOnlyList<BatchedObject> objects = [];
        await Poll.UntilAsync(
            async () => (objects = await ReadAllAsync(bucket)).Sum(batch => batch.Lines.Count) >= lines,
            timeout ?? TimeSpan.FromSeconds(60),
            $"{lines} messages in batch objects of bucket {bucket.Name}",
            interval: TimeSpan.FromMilliseconds(250),
            seen: () => $"{objects.Count} object(s) with {objects.Sum(batch => batch.Lines.Count)} line(s)");
        return objects;
    }

    private static List<string> LinesOf(StoredObject stored)
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
        var text = reader.ReadToEnd();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return [.. text[..^1].Split('\n')];
    }
}
