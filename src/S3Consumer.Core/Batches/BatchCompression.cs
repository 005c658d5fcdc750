using System.IO.Compression;
using ZstdSharp;

namespace S3Consumer.Core.Batches;

/// <summary>How a batch object's NDJSON is compressed.</summary>
public enum BatchCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>The names, headers and key suffixes of each <see cref="BatchCompression"/>, and its compressing stream.</summary>
public static class BatchCompressions
{
    public const string ValidNames = "none, gzip, zstd";

    // zstd's own default level: about gzip's speed at its fastest with a better ratio.
    private const int ZstdLevel = 3;

    /// <summary>The compression a destination names, in any case.</summary>
    public static bool TryParse(string? name, out BatchCompression compression)
    {
        (var known, compression) = name switch
        {
            _ when Is(name, "none") => (true, BatchCompression.None),
            _ when Is(name, "gzip") => (true, BatchCompression.Gzip),
            _ when Is(name, "zstd") => (true, BatchCompression.Zstd),
            _ => (false, BatchCompression.None),
        };
        return known;
    }

    /// <summary>The <c>Content-Encoding</c> the object is written with; null where it is plain NDJSON.</summary>
    public static string? ContentEncoding(this BatchCompression compression) => compression switch
    {
        BatchCompression.Gzip => "gzip",
        BatchCompression.Zstd => "zstd",
        _ => null,
    };

    /// <summary>The end of the default batch key: <c>.ndjson.gz</c>, <c>.ndjson.zst</c> or <c>.ndjson</c>.</summary>
    public static string KeySuffix(this BatchCompression compression) => compression switch
    {
        BatchCompression.Gzip => ".ndjson.gz",
        BatchCompression.Zstd => ".ndjson.zst",
        _ => ".ndjson",
    };

    private static bool Is(string? name, string compression) => string.Equals(name, compression, StringComparison.OrdinalIgnoreCase);

    /// <summary>A stream that compresses what is written to it into <paramref name="output"/>, which it leaves open.</summary>
    public static Stream Compress(this BatchCompression compression, Stream output) => compression switch
    {
        // Fastest: the worker's CPU per message is what batches exist to save; JSON still shrinks several-fold.
        BatchCompression.Gzip => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
        BatchCompression.Zstd => new CompressionStream(output, ZstdLevel, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Plain NDJSON is not compressed."),
    };
}
