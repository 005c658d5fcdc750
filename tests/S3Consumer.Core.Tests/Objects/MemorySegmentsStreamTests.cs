using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Objects;

public sealed class MemorySegmentsStreamTests
{
    private static readonly byte[] Expected = [1, 2, 3, 4, 5, 6, 7];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100)]
    public void Reads_the_segments_in_order_whatever_the_buffer_size(int bufferSize)
    {
        using var stream = new MemorySegmentsStream(new byte[] { 1, 2 }, Array.Empty<byte>(), new byte[] { 3, 4, 5 }, new byte[] { 6, 7 });

        Assert.Equal(Expected, ReadAll(stream, bufferSize));
        Assert.Equal(0, stream.Read(new byte[4]));
    }

    [Fact]
    public void Seeking_back_rereads_the_same_bytes_as_a_retry_does()
    {
        using var stream = new MemorySegmentsStream(new byte[] { 1, 2, 3 }, new byte[] { 4, 5, 6, 7 });
        _ = ReadAll(stream, 4);

        stream.Seek(2, SeekOrigin.Begin);

        Assert.Equal(7, stream.Length);
        Assert.Equal(Expected[2..], ReadAll(stream, 3));
    }

    private static byte[] ReadAll(Stream stream, int bufferSize)
    {
        var result = new List<byte>();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            result.AddRange(buffer[..read]);
        }

        return [.. result];
    }
}
