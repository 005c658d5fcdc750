namespace S3Consumer.Core.Objects;

/// <summary>
/// A read-only, seekable stream over buffers that already hold the bytes, so a large payload is sent to S3
/// (and re-sent on a retry) without being copied into one more array.
/// </summary>
public sealed class MemorySegmentsStream(params ReadOnlyMemory<byte>[] segments) : ReadOnlyBufferStream
{
    public override long Length { get; } = segments.Sum(segment => (long)segment.Length);

    public override int Read(Span<byte> buffer)
    {
        var copied = 0;
        var start = 0L;
        foreach (var segment in segments)
        {
            var end = start + segment.Length;
            if (Position < end && copied < buffer.Length)
            {
                var part = segment.Span[(int)(Position - start)..];
                var length = Math.Min(part.Length, buffer.Length - copied);
                part[..length].CopyTo(buffer[copied..]);
                copied += length;
                Position += length;
            }

            start = end;
        }

        return copied;
    }
}
