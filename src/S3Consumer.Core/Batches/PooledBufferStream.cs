using System.Buffers;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Batches;

/// <summary>
/// A write-only stream into pooled segments, read back (and re-read on a retry) as one <see cref="MemorySegmentsStream"/>:
/// a compressed batch grows without a doubling array and is never copied into one piece. Dispose returns the segments.
/// </summary>
public sealed class PooledBufferStream : Stream
{
    // Small enough that a small batch (many close at once with partitions) wastes little, and below the large object
    // heap's threshold, so that a segment the pool cannot give is cheap garbage; a 64 MiB batch is 4,096 of them.
    private const int SegmentSize = 16 * 1024;

    private readonly List<byte[]> segments = [];
    private int lastUsed = SegmentSize;
    private long length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    /// <summary>A fresh seekable stream over what was written; valid until this stream is disposed.</summary>
    public Stream OpenRead() => new MemorySegmentsStream(
        [.. segments.Select((segment, index) => new ReadOnlyMemory<byte>(segment, 0, index == segments.Count - 1 ? lastUsed : SegmentSize))]);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (lastUsed == SegmentSize)
            {
                segments.Add(ArrayPool<byte>.Shared.Rent(SegmentSize));
                lastUsed = 0;
            }

            var part = Math.Min(buffer.Length, SegmentSize - lastUsed);
            buffer[..part].CopyTo(segments[^1].AsSpan(lastUsed));
            lastUsed += part;
            length += part;
            buffer = buffer[part..];
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            segments.ForEach(segment => ArrayPool<byte>.Shared.Return(segment));
            segments.Clear();
            (lastUsed, length) = (SegmentSize, 0);
        }

        base.Dispose(disposing);
    }
}
