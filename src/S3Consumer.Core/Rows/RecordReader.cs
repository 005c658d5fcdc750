using System.Buffers;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using S3Consumer.Core.Messages;

namespace S3Consumer.Core.Rows;

/// <summary>
/// Reads the records of a result (a JSON array of objects) one at a time: from memory (a payload's <c>result</c>, each
/// record a slice of it) or streamed (records downloaded from a <c>url</c> result, from their file or a stream),
/// holding one record at a time. A record read is valid until the next is read. Dispose returns the buffer.
/// </summary>
public sealed class RecordReader : IDisposable
{
    private const int FirstBufferSize = 64 * 1024;

    private readonly Stream? stream;
    private readonly SafeFileHandle? file;
    private readonly long fileLength;
    private readonly string where;
    private long fileRead;
    private byte[]? buffer;
    private ReadOnlyMemory<byte> window;
    private JsonReaderState state = new(ActionMessageReader.ReaderOptions);
    private bool begun;
    private bool ended;
    private bool streamEnded;

    private RecordReader(ReadOnlyMemory<byte> array, Stream? stream, SafeFileHandle? file, long fileLength, string where)
    {
        window = array;
        this.stream = stream;
        this.file = file;
        this.fileLength = fileLength;
        this.where = where;
        ended = !Streamed && array.IsEmpty;
    }

    /// <summary>The records of <paramref name="array"/>, a JSON array (empty for a result without records).</summary>
    /// <param name="where">The array's path in the message, for reasons (e.g. <c>$.data.result</c>).</param>
    public static RecordReader Over(ReadOnlyMemory<byte> array, string where) => new(array, null, null, 0, where);

    /// <summary>The records of the JSON array <paramref name="array"/> holds, read as they are needed; the stream is not disposed.</summary>
    /// <param name="where">Where the array came from, for reasons.</param>
    public static RecordReader Over(Stream array, string where) => new(default, array ?? throw new ArgumentNullException(nameof(array)), null, 0, where);

    /// <summary>
    /// The records of the JSON array in the first <paramref name="length"/> bytes of <paramref name="file"/> (a
    /// downloaded result), read as they are needed; the file stays open, and another reader may read it meanwhile.
    /// </summary>
    /// <param name="where">Where the array came from, for reasons.</param>
    public static RecordReader Over(SafeFileHandle file, long length, string where) =>
        new(default, null, file ?? throw new ArgumentNullException(nameof(file)), length, where);

    /// <summary>How many records have been read.</summary>
    public int Count { get; private set; }

    /// <summary>Where the records came from, for reasons.</summary>
    public string Where => where;

    /// <summary>
    /// The next record's bytes, valid until the next call; false after the last. Throws
    /// <see cref="UndeliverableMessageException"/> for an element that is no object, or an array that is no JSON.
    /// </summary>
    public bool TryRead(out ReadOnlyMemory<byte> record)
    {
        record = default;
        while (!ended)
        {
            var isFinalBlock = !Streamed || streamEnded;
            var reader = new Utf8JsonReader(window.Span, isFinalBlock, state);
            try
            {
                if (!reader.Read())
                {
                    More(isFinalBlock);
                    continue;
                }

                if (!begun)
                {
                    begun = reader.TokenType == JsonTokenType.StartArray
                        ? true
                        : throw new UndeliverableMessageException(UndeliverableReason.WrongType, $"{where} is not a JSON list of records.");
                    Consume(ref reader);
                    continue;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Consume(ref reader);
                    ended = true;
                    return false;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new UndeliverableMessageException(
                        UndeliverableReason.WrongType,
                        $"{where}[{Count}] is not a JSON object; each record is an object such as {{\"fields\": {{...}}}}.");
                }

                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    More(isFinalBlock);
                    continue;
                }

                record = window[start..(int)reader.BytesConsumed];
                Consume(ref reader);
                Count++;
                return true;
            }
            catch (JsonException)
            {
                throw isFinalBlock && window.Span.TrimStart(" \t\r\n"u8).IsEmpty
                    ? Unclosed()
                    : new UndeliverableMessageException(UndeliverableReason.InvalidJson, $"{where} is not JSON after record {Count}.");
            }
        }

        return false;
    }

    private bool Streamed => stream is not null || file is not null;

    private UndeliverableMessageException Unclosed() =>
        new(UndeliverableReason.InvalidJson, $"{where} ends before its list of records is closed.");

    public void Dispose()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    private void Consume(ref Utf8JsonReader reader)
    {
        state = reader.CurrentState;
        window = window[(int)reader.BytesConsumed..];
    }

    // The window holds a token cut short: fill the buffer from the stream behind it, keeping the cut token, in a larger
    // buffer when the token fills this one. The buffer is filled whole, so a record is scanned again only once its
    // buffer has doubled, however little each read gives.
    private void More(bool isFinalBlock)
    {
        if (isFinalBlock)
        {
            throw Unclosed();
        }

        var kept = window.Length;
        if (buffer is null || kept == buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(FirstBufferSize, kept * 2));
            window.Span.CopyTo(larger);
            Dispose();
            buffer = larger;
        }
        else
        {
            window.Span.CopyTo(buffer);
        }

        var filled = kept;
        while (filled < buffer.Length && !streamEnded)
        {
            var read = file is null
                ? stream!.Read(buffer, filled, buffer.Length - filled)
                : RandomAccess.Read(file, buffer.AsSpan(filled, (int)Math.Min(buffer.Length - filled, fileLength - fileRead)), fileRead);
            fileRead += read;
            streamEnded = read == 0;
            filled += read;
        }

        window = buffer.AsMemory(0, filled);
    }
}
