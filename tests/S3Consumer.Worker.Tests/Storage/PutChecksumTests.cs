using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>Each checksum S3 verifies, computed over the body as S3 computes it, for a small body read at once and a large one read in blocks.</summary>
public sealed class PutChecksumTests
{
    private static readonly byte[] Check = "123456789"u8.ToArray();

    [Theory]
    [InlineData("CRC32C", "x-amz-checksum-crc32c", "4waSgw==")] // 0xE3069283, CRC-32C's check value
    [InlineData("crc32", "x-amz-checksum-crc32", "y/Q5Jg==")] // 0xCBF43926, CRC-32's check value
    [InlineData("SHA256", "x-amz-checksum-sha256", "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=")]
    [InlineData("SHA1", "x-amz-checksum-sha1", "98O8HYCOBHMq32eZZczDTKeuNEE=")]
    public async Task A_named_checksum_is_the_one_S3_expects(string name, string header, string expected)
    {
        var checksum = PutChecksum.For(new DestinationOptions { ChecksumAlgorithm = name }, aws: false)!;

        var (value, sha256) = await PutChecksum.OfAsync(new Body(Check), checksum, sha256: false, CancellationToken.None);

        Assert.Equal(header, checksum.Header);
        Assert.Equal(name.ToUpperInvariant(), checksum.Algorithm);
        Assert.Equal(expected, value);
        Assert.Null(sha256);
    }

    [Fact]
    public void Without_a_named_checksum_an_AWS_endpoint_gets_CRC32C_and_other_servers_none()
    {
        Assert.Equal("CRC32C", PutChecksum.For(new DestinationOptions(), aws: true)?.Algorithm);
        Assert.Null(PutChecksum.For(new DestinationOptions(), aws: false));
        Assert.Null(PutChecksum.For(new DestinationOptions { ChecksumAlgorithm = "none" }, aws: true));
        Assert.Equal("SHA1", PutChecksum.For(new DestinationOptions { ChecksumAlgorithm = "sha1" }, aws: false)?.Algorithm);
    }

    [Theory]
    [InlineData("CRC32C")]
    [InlineData("CRC32")]
    [InlineData("SHA256")]
    [InlineData("SHA1")]
    public async Task A_body_larger_than_a_block_is_read_in_blocks_to_the_same_values(string name)
    {
        var checksum = PutChecksum.For(new DestinationOptions { ChecksumAlgorithm = name }, aws: false)!;
        var large = new byte[200_003];
        new Random(7).NextBytes(large);

        var (value, sha256) = await PutChecksum.OfAsync(new Body(large), checksum, sha256: true, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(large)), sha256);
        Assert.Equal(Convert.ToBase64String(AtOnce(name, large)), value);
    }

    private static byte[] AtOnce(string name, byte[] bytes)
    {
        var crc = new byte[4];
        switch (name)
        {
            case "CRC32C": BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, bytes)); return crc;
            case "CRC32": BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(bytes)); return crc;
            case "SHA256": return SHA256.HashData(bytes);
#pragma warning disable CA5350 // S3's SHA-1 checksum, not security
            default: return SHA1.HashData(bytes);
#pragma warning restore CA5350
        }
    }

    private sealed record Body(byte[] Bytes) : IObjectBody
    {
        public string ContentType => "application/json";

        public string? ContentEncoding => null;

        public long Length => Bytes.Length;

        public Stream OpenRead() => new MemoryStream(Bytes, writable: false);
    }
}
