using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// A PUT's checksum header (<c>x-amz-checksum-*</c>, which S3 verifies before it stores the object, and Object Lock
/// buckets require) and the body's SHA-256 where the signature covers the payload, both found in one read of the body.
/// </summary>
internal sealed class PutChecksum
{
    /// <summary>A body up to this size is read into one pooled buffer and hashed at once.</summary>
    private const int Block = 64 * 1024;

    private static readonly PutChecksum[] Known =
    [
        new("CRC32C", "x-amz-checksum-crc32c"), new("CRC32", "x-amz-checksum-crc32"),
        new("SHA256", "x-amz-checksum-sha256"), new("SHA1", "x-amz-checksum-sha1"),
    ];

    private PutChecksum(string algorithm, string header)
    {
        Algorithm = algorithm;
        Header = header;
    }

    /// <summary>The algorithm as S3 names it (the value of <c>x-amz-sdk-checksum-algorithm</c>).</summary>
    public string Algorithm { get; }

    public string Header { get; }

    /// <summary>
    /// The destination's checksum: the one it names, none for <c>none</c>, and when it names none, CRC32C when its
    /// endpoint is AWS's (<paramref name="aws"/>: Object Lock buckets require a checksum on every PUT) and none on an
    /// S3-compatible server, which may not know it.
    /// </summary>
    public static PutChecksum? For(DestinationOptions destination, bool aws)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var name = destination.ChecksumAlgorithm is { } given ? WriteOptionNames.Checksum(given) : aws ? "CRC32C" : null;
        return Array.Find(Known, known => known.Algorithm == name);
    }

    /// <summary>The base64 checksum of the body (null without <paramref name="checksum"/>) and its hex SHA-256 (null unless <paramref name="sha256"/>).</summary>
    public static async ValueTask<(string? Checksum, string? Sha256)> OfAsync(IObjectBody body, PutChecksum? checksum, bool sha256, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (checksum is null && !sha256)
        {
            return (null, null);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(body.Length, Block));
        try
        {
            var stream = body.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                if (body.Length <= Block)
                {
                    await stream.ReadExactlyAsync(buffer.AsMemory(0, (int)body.Length), cancellation).ConfigureAwait(false);
                    var content = buffer.AsSpan(0, (int)body.Length);
                    return (checksum?.Of(content), sha256 ? Convert.ToHexStringLower(SHA256.HashData(content)) : null);
                }

                using var running = checksum?.Start();
                using var payload = sha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
                {
                    running?.Append(buffer.AsSpan(0, read));
                    payload?.AppendData(buffer, 0, read);
                }

                return (running?.Base64(), payload is null ? null : Convert.ToHexStringLower(payload.GetHashAndReset()));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string Of(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Algorithm switch
        {
            "CRC32C" => BigEndian(Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, content), hash),
            "CRC32" => BigEndian(Crc32.HashToUInt32(content), hash),
            "SHA256" => SHA256.HashData(content, hash),
#pragma warning disable CA5350 // SHA-1 is one of S3's checksums, chosen by the destination, not used for security.
            _ => SHA1.HashData(content, hash),
#pragma warning restore CA5350
        };
        return Convert.ToBase64String(hash[..length]);
    }

    private Running Start() => Algorithm switch
    {
        "CRC32C" => new Running(new Crc32(Crc32ParameterSet.Crc32C), null),
        "CRC32" => new Running(new Crc32(), null),
        "SHA256" => new Running(null, IncrementalHash.CreateHash(HashAlgorithmName.SHA256)),
        _ => new Running(null, IncrementalHash.CreateHash(HashAlgorithmName.SHA1)),
    };

    // S3 reads a CRC as its four bytes, most significant first.
    private static int BigEndian(uint crc, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, crc);
        return sizeof(uint);
    }

    /// <summary>A checksum of a body read in blocks.</summary>
    private sealed class Running(Crc32? crc, IncrementalHash? hash) : IDisposable
    {
        public void Append(ReadOnlySpan<byte> block)
        {
            crc?.Append(block);
            hash?.AppendData(block);
        }

        public string Base64()
        {
            if (hash is not null)
            {
                return Convert.ToBase64String(hash.GetHashAndReset());
            }

            Span<byte> value = stackalloc byte[sizeof(uint)];
            return Convert.ToBase64String(value[..BigEndian(crc!.GetCurrentHashAsUInt32(), value)]);
        }

        public void Dispose() => hash?.Dispose();
    }
}
