namespace S3Consumer.Core.Objects;

/// <summary>
/// A read-only, seekable stream over buffers that already hold the bytes, so a large payload is sent to S3
/// (and re-sent on a retry) without being copied into one more array.
/// </summary>
public sealed class MemorySegmentsStream(params ReadOnlyMemory<byte>[] segments) : Stream
{
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; } = segments.Sum(segment => (long)segment.Length);

    public override long Position
    {
        get => position;
        set => position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var copied = 0;
        var start = 0L;
        foreach (var segment in segments)
        {
            var end = start + segment.Length;
            if (position < end && copied < buffer.Length)
            {
                var part = segment.Span[(int)(position - start)..];
                var length = Math.Min(part.Length, buffer.Length - copied);
                part[..length].CopyTo(buffer[copied..]);
                copied += length;
                position += length;
            }

            start = end;
        }

        return copied;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
