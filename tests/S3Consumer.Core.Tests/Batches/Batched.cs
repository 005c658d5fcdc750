using System.IO.Compression;
using System.Text;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;
using ZstdSharp;

namespace S3Consumer.Core.Tests.Batches;

/// <summary>Batch destinations, messages and objects as the tests need them.</summary>
internal static class Batched
{
    public static readonly DateTimeOffset Start = new(2025, 10, 14, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Destination <c>lake</c> with <c>Batch:*</c> (and other destination) settings, bound and validated as the worker does.</summary>
    public static Destination Lake(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["Bucket"] = "bucket", ["Region"] = "us-west-2", ["Batch:MaxMessages"] = "1000" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return Examples.Catalog([.. all.Select(setting => ($"Destinations:lake:{setting.Key}", setting.Value))]).Resolve("lake");
    }

    /// <summary>The open batches of a worker whose one destination is <paramref name="lake"/>, within the bounds given.</summary>
    public static OpenBatches Open(Destination lake, long maxHeldBytes = long.MaxValue, int maxMessages = int.MaxValue) =>
        new(maxHeldBytes, maxMessages, name => name == lake.Name ? lake : null);

    /// <summary>The messages added to open batches of <paramref name="lake"/>, none closed, then all closed as by a stop.</summary>
    public static MessageBatch Close(Destination lake, params BatchMessage[] messages)
    {
        var batches = Open(lake);
        foreach (var message in messages)
        {
            Assert.Empty(batches.Add(lake, message, 0, Start));
        }

        return Assert.Single(batches.Stop(Start));
    }

    /// <summary>A message whose single object would hold <c>{"data":</c> + <paramref name="data"/> + <c>}</c>.</summary>
    public static BatchMessage Message(int number, string? data = null, ObjectMetadata? metadata = null) =>
        Message(Encoding.UTF8.GetBytes(data ?? $"{{\"action\":\"read\",\"n\":{number}}}"), metadata ?? Metadata(number));

    public static BatchMessage Message(byte[] data, ObjectMetadata metadata)
    {
        Assert.True(EventTime.TryParse(metadata.Timestamp, out var time), metadata.Timestamp);
        return new BatchMessage(new ObjectContent(data), metadata, time);
    }

    public static ObjectMetadata Metadata(int number) => new()
    {
        ProjectId = "project-1",
        InstallationId = "installation-1",
        ConnectionId = $"connection-{number % 2}",
        DestinationId = "lake",
        OperationId = "operation-1",
        ObjectName = "contacts",
        EventId = $"event-{number:D4}",
        Timestamp = $"2025-10-14T02:58:{number % 60:D2}.323405308Z",
        Topic = "s3consumer-read",
    };

    /// <summary>The body its single object would hold: the same framing the one-object mode writes.</summary>
    public static byte[] SingleObjectBody(byte[] data) => ReadAll(new ObjectContent(data).OpenRead());

    /// <summary>The object's body decompressed as its Content-Encoding says, cut into its lines (each ends with a newline).</summary>
    public static List<byte[]> Lines(BatchObject batchObject)
    {
        using var body = batchObject.OpenRead();
        using Stream plain = batchObject.ContentEncoding switch
        {
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            "zstd" => new DecompressionStream(body),
            null => body,
            var other => throw new InvalidOperationException($"unexpected Content-Encoding {other}"),
        };
        var ndjson = ReadAll(plain);
        Assert.True(ndjson.Length == 0 || ndjson[^1] == '\n', "the last line ends with a newline");
        var lines = new List<byte[]>();
        for (var start = 0; start < ndjson.Length;)
        {
            var end = Array.IndexOf(ndjson, (byte)'\n', start);
            lines.Add(ndjson[start..end]);
            start = end + 1;
        }

        return lines;
    }

    public static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
