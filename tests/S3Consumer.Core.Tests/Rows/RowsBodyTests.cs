using System.Text;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Rows;
using S3Consumer.Core.Tests.Batches;
using S3Consumer.Testing;

namespace S3Consumer.Core.Tests.Rows;

/// <summary>An object's body of rows, as a batch or one message gives it: typed and encoded as written, read back by DuckDB.</summary>
public sealed class RowsBodyTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("s3consumer-rows-");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData(ObjectFormat.Parquet, BatchCompression.Gzip, "application/vnd.apache.parquet", null)]
    [InlineData(ObjectFormat.Parquet, BatchCompression.None, "application/vnd.apache.parquet", null)]
    [InlineData(ObjectFormat.Records, BatchCompression.Gzip, "application/x-ndjson", "gzip")]
    [InlineData(ObjectFormat.Records, BatchCompression.Zstd, "application/x-ndjson", "zstd")]
    [InlineData(ObjectFormat.Records, BatchCompression.None, "application/x-ndjson", null)]
    public async Task A_batchs_rows_are_one_body_typed_as_its_format_says(ObjectFormat format, BatchCompression compression, string contentType, string? encoding)
    {
        MessageRows[] messages = [Rowed.Of(Examples.ReadBody, eventId: "e-1"), Rowed.Of("{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"result\":[]}"), Rowed.Of(Examples.SubscribeBody, "subscribe", "e-2")];

        using var body = await RowsBody.WriteAsync(format, compression, messages, CancellationToken.None);

        Assert.Equal((contentType, encoding, 2L), (body.ContentType, body.ContentEncoding, body.Rows));
        var path = Path.Combine(directory.FullName, "body");
        await using (var file = File.Create(path))
        {
            await body.OpenRead().CopyToAsync(file);
        }

        // NDJSON is read with the columns named: DuckDB's guess at types fails on CRM JSON (keys that differ only in case).
        var reader = format == ObjectFormat.Parquet
            ? $"read_parquet({DuckDb.Literal(path)})"
            : $"read_json({DuckDb.Literal(path)}, format = 'newline_delimited', compression = '{encoding ?? "uncompressed"}', columns = {{event_id: 'VARCHAR', record_id: 'VARCHAR'}})";
        Assert.Equal([["e-1", "438"], ["e-2", "001Dp00000ZDgmxIAD"]], DuckDb.Query($"SELECT event_id, record_id FROM {reader} ORDER BY event_id"));
        Assert.Equal(body.Length, new FileInfo(path).Length);
    }

    [Fact]
    public async Task A_downloaded_result_is_read_from_its_file_as_it_is_written()
    {
        var path = Path.Combine(directory.FullName, "result.json");
        await File.WriteAllTextAsync(path, $"[{string.Join(",", Enumerable.Range(0, 500).Select(number => $"{{\"fields\":{{\"id\":{number},\"pad\":\"{new string('p', 300)}\"}}}}"))}]");
        var message = Rowed.Of("{\"data\":{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"resultInfo\":{\"type\":\"url\"}}}");
        using var file = File.OpenHandle(path);
        using var records = RecordReader.Over(file, new FileInfo(path).Length, "the downloaded result");

        using var body = await RowsBody.WriteAsync(ObjectFormat.Records, BatchCompression.None, message.Columns, records, CancellationToken.None);

        var lines = Rowed.Lines(Batched.ReadAll(body.OpenRead()));
        Assert.Equal(500, lines.Count);
        Assert.Equal(Enumerable.Range(0, 500).Select(number => $"\"record_index\":{number},\"record_id\":\"{number}\""),
            lines.Select(line => line[line.IndexOf("\"record_index\"", StringComparison.Ordinal)..(line.IndexOf(",\"subscribe_event_type\"", StringComparison.Ordinal))]));
    }

    [Fact]
    public async Task Messages_are_not_rows()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RowsBody.WriteAsync(ObjectFormat.Message, BatchCompression.Gzip, [], CancellationToken.None));
    }
}
