using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Parquet;
using Parquet.Schema;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Rows;

/// <summary>
/// Writes rows as one Parquet file (Format <c>parquet</c>), in row groups of a bounded size: each row's values are
/// gathered per column (text as slices of one character buffer, never a string per value) and written a column at a
/// time. Every file has the one schema of <see cref="RowColumns.All"/>, whatever the records hold: text columns are
/// UTF-8 strings, JSON columns their JSON text, <c>event_time</c> a UTC timestamp in microseconds. Statistics are on,
/// so readers can skip row groups. <see cref="CompleteAsync"/> writes the footer; the file is whole only after it.
/// </summary>
public sealed class ParquetRowsWriter : IAsyncDisposable
{
    /// <summary>Rows per row group at most.</summary>
    internal const int DefaultRowGroupRows = 10_000;

    /// <summary>Characters of record values per row group at most (16 MiB of UTF-16): bounds the writer's memory.</summary>
    internal const int DefaultRowGroupChars = 8 * 1024 * 1024;

    private const int ChunkChars = 256 * 1024;

    // The rows a row group's columns first have room for: a small batch takes little, a large one grows them to maxRows.
    private const int FirstRows = 1024;
    private const int EventTimeColumn = 1;

    private static readonly DataField[] Fields = [.. RowColumns.All.Select(FieldOf)];
    private static readonly ParquetSchema Schema = new(Fields);

    private readonly ParquetWriter writer;
    private readonly int maxRows;
    private readonly int maxChars;

    // The open row group, column by column: text columns hold slices of the message's strings or of the chunks.
    private readonly ReadOnlyMemory<char>?[][] texts;
    private long[] times = [];
    private int[] indexes = [];
    private readonly List<char[]> chunks = [];
    private int chunkUsed = ChunkChars;
    private int rows;
    private int chars;
    private bool completed;

    private ParquetRowsWriter(ParquetWriter writer, int maxRows, int maxChars)
    {
        this.writer = writer;
        this.maxRows = maxRows;
        this.maxChars = maxChars;
        texts = new ReadOnlyMemory<char>?[RowColumns.All.Count][];
        Array.Fill(texts, []);
    }

    /// <summary>The rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>A writer of one file into <paramref name="output"/> (left open), compressed inside with the batch's codec.</summary>
    public static Task<ParquetRowsWriter> CreateAsync(Stream output, BatchCompression compression, CancellationToken cancellationToken) =>
        CreateAsync(output, compression, DefaultRowGroupRows, DefaultRowGroupChars, cancellationToken);

    internal static async Task<ParquetRowsWriter> CreateAsync(
        Stream output, BatchCompression compression, int maxRows, int maxChars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = await ParquetWriter.CreateAsync(Schema, output, OptionsFor(compression), cancellationToken: cancellationToken).ConfigureAwait(false);
        MicrosecondTimestamps.Mark(writer, RowColumns.All[EventTimeColumn].Name);
        return new ParquetRowsWriter(writer, maxRows, maxChars);
    }

    /// <summary>Writes a message's rows: one per inline record.</summary>
    public async Task WriteAsync(MessageRows rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var records = rows.ReadRecords();
        await WriteAsync(rows.Columns, records, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a row per record <paramref name="records"/> reads (records downloaded from a <c>url</c> result), each with
    /// the message's columns. Throws <see cref="UndeliverableMessageException"/> for records that are no rows.
    /// </summary>
    public async Task WriteAsync(MessageColumns columns, RecordReader records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(completed, this);
        var message = MessageValues(columns);
        var time = Microseconds(columns.Time);
        while (Add(message, time, records))
        {
            if (rows == maxRows || chars >= maxChars)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the last row group and the footer; the output then holds the whole file.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (rows > 0)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        completed = true;
        await writer.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!completed)
        {
            completed = true;
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        chunks.ForEach(chunk => ArrayPool<char>.Shared.Return(chunk));
        chunks.Clear();
        Resize(0);
    }

    private static DataField FieldOf(RowColumn column) => column.Kind switch
    {
        // Its microseconds since 1970, marked a timestamp once the writer is made (see MicrosecondTimestamps).
        RowColumnKind.Time => new DataField<long>(column.Name, nullable: false),
        RowColumnKind.Index => new DataField<int>(column.Name, nullable: false),
        _ => new DataField<string>(column.Name, nullable: true),
    };

    private static ParquetOptions OptionsFor(BatchCompression compression)
    {
        // As the NDJSON batches: gzip at its fastest, zstd at its own default level (3).
        var (method, level) = compression switch
        {
            BatchCompression.Gzip => (CompressionMethod.Gzip, CompressionLevel.Fastest),
            BatchCompression.Zstd => (CompressionMethod.Zstd, CompressionLevel.Optimal),
            _ => (CompressionMethod.None, CompressionLevel.NoCompression),
        };
        var options = new ParquetOptions
        {
            CompressionMethod = method,
            CompressionLevel = level,

            // A few values repeat over a column of message columns; a column of unique values is found so from a sample.
            DictionaryEncodingSampleSize = 1000,
        };
        foreach (var column in RowColumns.All.Take(RowColumns.MessageCount)
                     .Append(RowColumns.All[RecordValues.FirstColumn + 1]).Append(RowColumns.All[RecordValues.FirstColumn + 2])
                     .Where(column => column.Kind == RowColumnKind.Text))
        {
            options.ColumnEncodingHints[column.Name] = EncodingHint.Dictionary;
        }

        return options;
    }

    // Whole microseconds since 1970, rounded down (towards the past for times before it).
    private static long Microseconds(EventTime time) => Math.DivRem(time.Instant.ToUnixTimeTicks(), 10, out var rest) - (rest < 0 ? 1 : 0);

    private static ReadOnlyMemory<char>?[] MessageValues(MessageColumns columns)
    {
        var values = new ReadOnlyMemory<char>?[RowColumns.MessageCount];
        for (var column = 0; column < values.Length; column++)
        {
            values[column] = columns.Values[column]?.AsMemory();
        }

        return values;
    }

    // Adds the next record's row to the open row group; false when there is none.
    private bool Add(ReadOnlyMemory<char>?[] message, long time, RecordReader records)
    {
        if (!records.TryRead(out var record))
        {
            return false;
        }

        RecordMembers.Read(record, records.Where, records.Count - 1, out var values);
        if (rows == times.Length)
        {
            Resize(Math.Min(maxRows, Math.Max(FirstRows, rows * 2)));
        }

        for (var column = 0; column < RowColumns.MessageCount; column++)
        {
            if (column != EventTimeColumn)
            {
                texts[column][rows] = message[column];
            }
        }

        times[rows] = time;
        indexes[rows] = records.Count - 1;
        for (var slot = 0; slot < RecordValues.Count; slot++)
        {
            // Spelled out: a bare null would convert to an empty ReadOnlyMemory (through char[]), not to no value.
            ReadOnlyMemory<char>? text = values[slot].IsEmpty ? default(ReadOnlyMemory<char>?) : Copy(values[slot].Span, RowColumns.All[RecordValues.FirstColumn + slot].Kind);
            texts[RecordValues.FirstColumn + slot][rows] = text;
        }

        rows++;
        Rows++;
        return true;
    }

    // The value's text in the character chunks: a text token's value, or a JSON value's text as sent.
    private ReadOnlyMemory<char> Copy(ReadOnlySpan<byte> value, RowColumnKind kind)
    {
        var most = RowText.MaxChars(value);
        if (ChunkChars - chunkUsed < most)
        {
            chunks.Add(ArrayPool<char>.Shared.Rent(Math.Max(ChunkChars, most)));
            chunkUsed = 0;
        }

        var chunk = chunks[^1];
        var length = kind == RowColumnKind.Json ? Encoding.UTF8.GetChars(value, chunk.AsSpan(chunkUsed)) : RowText.Decode(value, chunk.AsSpan(chunkUsed));
        var copied = chunk.AsMemory(chunkUsed, length);
        chunkUsed += length;
        chars += length;
        return copied;
    }

    // The columns' arrays (pooled) with room for this many rows, the rows gathered kept; 0 returns them.
    private void Resize(int capacity)
    {
        times = Resized(times, capacity);
        indexes = Resized(indexes, capacity);
        for (var column = 0; column < texts.Length; column++)
        {
            if (RowColumns.All[column].Kind is RowColumnKind.Text or RowColumnKind.Json)
            {
                texts[column] = Resized(texts[column], capacity);
            }
        }
    }

    private T[] Resized<T>(T[] values, int capacity)
    {
        var resized = capacity == 0 ? [] : ArrayPool<T>.Shared.Rent(capacity);
        values.AsSpan(0, Math.Min(rows, capacity)).CopyTo(resized);
        if (values.Length > 0)
        {
            ArrayPool<T>.Shared.Return(values, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }

        return resized;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        using (var group = writer.CreateRowGroup())
        {
            for (var column = 0; column < Fields.Length; column++)
            {
                var field = Fields[column];
                switch (RowColumns.All[column].Kind)
                {
                    case RowColumnKind.Time:
                        await group.WriteAsync<long>(field, times.AsMemory(0, rows), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    case RowColumnKind.Index:
                        await group.WriteAsync<int>(field, indexes.AsMemory(0, rows), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await group.WriteAsync(field, new ReadOnlyMemory<ReadOnlyMemory<char>?>(texts[column], 0, rows), cancellationToken: cancellationToken)
                            .ConfigureAwait(false);
                        break;
                }
            }

            group.CompleteValidate();
        }

        foreach (var column in texts)
        {
            Array.Clear(column, 0, Math.Min(rows, column.Length));
        }

        // The first chunk is kept for the next row group; the others go back to the pool.
        foreach (var chunk in chunks.Skip(1))
        {
            ArrayPool<char>.Shared.Return(chunk);
        }

        if (chunks.Count > 1)
        {
            chunks.RemoveRange(1, chunks.Count - 1);
        }

        chunkUsed = chunks.Count == 0 ? ChunkChars : 0;
        rows = 0;
        chars = 0;
    }
}
