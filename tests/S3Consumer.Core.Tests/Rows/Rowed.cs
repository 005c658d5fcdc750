using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;
using S3Consumer.Core.Tests.Batches;

namespace S3Consumer.Core.Tests.Rows;

/// <summary>Messages as rows, and the rows written, as the tests need them.</summary>
internal static class Rowed
{
    /// <summary>Destination <c>lake</c>, batched, writing Parquet.</summary>
    public static Destination Lake { get; } = Batched.Lake(("Format", "parquet"));

    /// <summary>The rows of a message delivered with this body, its metadata and time as the worker computes them.</summary>
    public static MessageRows Of(byte[] body, string action = "read", string eventId = "event-1")
    {
        var message = Examples.Raw(body, action) with { EventIdHeader = eventId };
        var read = ActionMessageReader.Read(message);
        var line = ObjectWriteBuilder.BuildBatchLine(message, read, Lake);
        return MessageRows.Of(read, line.Metadata, line.Time);
    }

    public static MessageRows Of(string body, string action = "read", string eventId = "event-1") =>
        Of(System.Text.Encoding.UTF8.GetBytes(body), action, eventId);

    /// <summary>Writes the messages' rows as one Parquet file at <paramref name="path"/>.</summary>
    public static async Task WriteParquetAsync(
        string path, BatchCompression compression, IEnumerable<MessageRows> messages, int rowGroupRows = ParquetRowsWriter.DefaultRowGroupRows,
        int rowGroupChars = ParquetRowsWriter.DefaultRowGroupChars)
    {
        await using var file = File.Create(path);
        await using var writer = await ParquetRowsWriter.CreateAsync(file, compression, rowGroupRows, rowGroupChars, CancellationToken.None);
        foreach (var rows in messages)
        {
            await writer.WriteAsync(rows, CancellationToken.None);
        }

        await writer.CompleteAsync(CancellationToken.None);
    }

    /// <summary>The messages' rows as NDJSON.</summary>
    public static byte[] Ndjson(IEnumerable<MessageRows> messages)
    {
        using var output = new MemoryStream();
        var writer = new NdjsonRowsWriter(output);
        foreach (var rows in messages)
        {
            writer.Write(rows);
        }

        return output.ToArray();
    }

    /// <summary>The NDJSON's lines, each without its newline; the last must end with one.</summary>
    public static List<string> Lines(byte[] ndjson)
    {
        var text = System.Text.Encoding.UTF8.GetString(ndjson);
        Assert.True(text.Length == 0 || text[^1] == '\n', "the last line ends with a newline");
        return text.Length == 0 ? [] : [.. text[..^1].Split('\n')];
    }
}
