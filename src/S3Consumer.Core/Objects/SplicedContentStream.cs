using Microsoft.Win32.SafeHandles;

namespace S3Consumer.Core.Objects;

/// <summary>
/// A read-only, seekable stream over bytes at hand, then a file's first <c>fileLength</c> bytes, then bytes at hand
/// again: a body whose largest part (downloaded records) stays on disk and is read at each position, never copied
/// into memory whole. Each stream has its own position; the file handle is not its to close.
/// </summary>
public sealed class SplicedContentStream : Stream
{
    private readonly MemorySegmentsStream head;
    private readonly SafeFileHandle file;
    private readonly long fileLength;
    private readonly MemorySegmentsStream tail;
    private long position;

    public SplicedContentStream(ReadOnlyMemory<byte>[] head, SafeFileHandle file, long fileLength, ReadOnlyMemory<byte>[] tail)
    {
        this.head = new MemorySegmentsStream(head);
        this.file = file;
        this.fileLength = fileLength;
        this.tail = new MemorySegmentsStream(tail);
        Length = this.head.Length + fileLength + this.tail.Length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => position;
        set => position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var copied = 0;
        while (copied < buffer.Length && position < Length)
        {
            var read = ReadPart(buffer[copied..]);
            position += read;
            copied += read;
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

    // Reads from the one part the position is in.
    private int ReadPart(Span<byte> buffer)
    {
        if (position < head.Length)
        {
            head.Position = position;
            return head.Read(buffer);
        }

        var inFile = position - head.Length;
        if (inFile < fileLength)
        {
            var read = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, fileLength - inFile)], inFile);
            return read > 0 ? read : throw new EndOfStreamException($"The records file ends before its {fileLength} bytes.");
        }

        tail.Position = inFile - fileLength;
        return tail.Read(buffer);
    }
}
