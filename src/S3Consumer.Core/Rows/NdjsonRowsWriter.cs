using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace S3Consumer.Core.Rows;

/// <summary>
/// Writes rows as NDJSON (Format <c>records</c>): one line per record, an object with every column of
/// <see cref="RowColumns.All"/> in order, null where there is no value; JSON columns hold the JSON sent, byte for byte.
/// </summary>
public sealed class NdjsonRowsWriter
{
    // '{"event_id":', then ',"event_time":' and so on: each column's name as it opens its value.
    private static readonly byte[][] Names =
        [.. RowColumns.All.Select((column, index) => Encoding.UTF8.GetBytes($"{(index == 0 ? '{' : ',')}\"{column.Name}\":"))];

    private readonly Stream output;
    private readonly ArrayBufferWriter<byte> line = new(16 * 1024);

    // The message's columns, the start of each of its lines.
    private readonly ArrayBufferWriter<byte> prefix = new(1024);

    /// <param name="output">Where the lines go (a compressing stream for a batch); left open.</param>
    public NdjsonRowsWriter(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.output = output;
    }

    /// <summary>The rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Writes a message's rows: one line per inline record.</summary>
    public void Write(MessageRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var records = rows.ReadRecords();
        Write(rows.Columns, records);
    }

    /// <summary>
    /// Writes a row per record <paramref name="records"/> reads (records downloaded from a <c>url</c> result), each with
    /// the message's columns. Throws <see cref="UndeliverableMessageException"/> for records that are no rows.
    /// </summary>
    public void Write(MessageColumns columns, RecordReader records)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(records);
        prefix.ResetWrittenCount();
        while (records.TryRead(out var record))
        {
            RecordMembers.Read(record, records.Where, records.Count - 1, out var values);
            if (prefix.WrittenCount == 0)
            {
                WritePrefix(columns);
            }

            line.ResetWrittenCount();
            line.Write(prefix.WrittenSpan);
            line.Write(Names[RowColumns.MessageCount]);
            Utf8Formatter.TryFormat(records.Count - 1, line.GetSpan(11), out var digits);
            line.Advance(digits);
            for (var slot = 0; slot < RecordValues.Count; slot++)
            {
                var column = RecordValues.FirstColumn + slot;
                line.Write(Names[column]);
                var value = values[slot].Span;
                if (value.IsEmpty)
                {
                    line.Write("null"u8);
                }
                else if (RowColumns.All[column].Kind == RowColumnKind.Json)
                {
                    RowText.WriteJsonValue(value, line);
                }
                else
                {
                    RowText.WriteTextToken(value, line);
                }
            }

            line.Write("}\n"u8);
            output.Write(line.WrittenSpan);
            Rows++;
        }
    }

    private void WritePrefix(MessageColumns columns)
    {
        for (var column = 0; column < RowColumns.MessageCount; column++)
        {
            prefix.Write(Names[column]);
            if (columns.Values[column] is { } text)
            {
                RowText.WriteJsonString(text, prefix);
            }
            else
            {
                prefix.Write("null"u8);
            }
        }
    }
}
