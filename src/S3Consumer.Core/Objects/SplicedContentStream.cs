using Microsoft.Win32.SafeHandles;

namespace S3Consumer.Core.Objects;

/// <summary>
/// A read-only, seekable stream over bytes at hand, then a file's first <c>fileLength</c> bytes, then bytes at hand
/// again: a body whose largest part (downloaded records) stays on disk and is read at each position, never copied
/// into memory whole. Each stream has its own position; the file handle is not its to close.
/// </summary>
public sealed class SplicedContentStream : ReadOnlyBufferStream
{
    private readonly MemorySegmentsStream head;
    private readonly SafeFileHandle file;
    private readonly long fileLength;
    private readonly MemorySegmentsStream tail;

    public SplicedContentStream(ReadOnlyMemory<byte>[] head, SafeFileHandle file, long fileLength, ReadOnlyMemory<byte>[] tail)
    {
        this.head = new MemorySegmentsStream(head);
        this.file = file;
        this.fileLength = fileLength;
        this.tail = new MemorySegmentsStream(tail);
        Length = this.head.Length + fileLength + this.tail.Length;
    }

    public override long Length { get; }

    public override int Read(Span<byte> buffer)
    {
        var copied = 0;
        while (copied < buffer.Length && Position < Length)
        {
            var read = ReadPart(buffer[copied..]);
            Position += read;
            copied += read;
        }

        return copied;
    }

    // Reads from the one part the position is in.
    private int ReadPart(Span<byte> buffer)
    {
        if (Position < head.Length)
        {
            head.Position = Position;
            return head.Read(buffer);
        }

        var inFile = Position - head.Length;
        if (inFile < fileLength)
        {
            var read = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, fileLength - inFile)], inFile);
            return read > 0 ? read : throw new EndOfStreamException($"The records file ends before its {fileLength} bytes.");
        }

        tail.Position = inFile - fileLength;
        return tail.Read(buffer);
    }
}
