using System.Text.Json;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Rows;
using S3Consumer.Testing;

namespace S3Consumer.Core.Tests.Rows;

/// <summary>Parquet rows, read back by DuckDB: the same rows as NDJSON, one schema in every file, the batch's codec, statistics.</summary>
public sealed class ParquetRowsWriterTests : IDisposable
{
    private const string Odd =
        "{\"data\":{\"action\":\"read\",\"objectName\":\"contacts\",\"rawObjectName\":\"Contact\",\"readType\":\"incremental\"," +
        "\"operationTime\":\"2025-10-14T02:58:59.323405308Z\",\"result\":[" +
        "{\"fields\":{\"id\":\"1\",\"big\":12345678901234567890123,\"huge\":1e400,\"name\":\"Zoë 日本 😀\",\"nothing\":null}}," +
        "{\"id\":2,\"subscribeEventType\":\"delete\"}," +
        "{\"fields\":{\"id\":3},\"mappedFields\":{\"phone\":\"+1\"},\"associations\":[{\"to\":\"c-1\"}],\"fieldsUpdated\":[\"phone\"],\"raw\":{\n \"a\": [1,\r\n2]}}]}}";

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("s3consumer-rows-");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData(BatchCompression.None)]
    [InlineData(BatchCompression.Gzip)]
    [InlineData(BatchCompression.Zstd)]
    public async Task DuckDB_reads_the_rows_the_NDJSON_holds_with_the_batchs_codec(BatchCompression compression)
    {
        MessageRows[] messages = [Rowed.Of(Examples.ReadBody, eventId: "e-read"), Rowed.Of(Examples.SubscribeBody, "subscribe", "e-subscribe"), Rowed.Of(Odd, eventId: "e-odd")];
        var path = Path.Combine(directory.FullName, "rows.parquet");
        await Rowed.WriteParquetAsync(path, compression, messages);

        var parquet = DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Literal(path)})");
        var ndjson = Rowed.Lines(Rowed.Ndjson(messages)).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(5, parquet.Count);
        for (var row = 0; row < parquet.Count; row++)
        {
            for (var column = 0; column < RowColumns.All.Count; column++)
            {
                Assert.True(SameValue(RowColumns.All[column], parquet[row][column], ndjson[row].GetProperty(RowColumns.All[column].Name)),
                    $"row {row}, {RowColumns.All[column].Name}: Parquet {parquet[row][column]}, NDJSON {ndjson[row].GetProperty(RowColumns.All[column].Name)}");
            }
        }

        var codec = compression == BatchCompression.None ? "UNCOMPRESSED" : compression.ToString().ToUpperInvariant();
        Assert.All(DuckDb.Query($"SELECT compression FROM parquet_metadata({DuckDb.Literal(path)})"), column => Assert.Equal(codec, column[0]));
    }

    [Fact]
    public async Task Fields_are_reachable_with_json_extract_and_numbers_keep_their_digits()
    {
        var path = Path.Combine(directory.FullName, "odd.parquet");
        await Rowed.WriteParquetAsync(path, BatchCompression.Gzip, [Rowed.Of(Odd)]);

        var row = Assert.Single(DuckDb.Query(
            $"SELECT json_extract(fields, '$.big')::VARCHAR, json_extract(fields, '$.huge')::VARCHAR, json_extract_string(fields, '$.name'), " +
            $"json_extract_string(mapped_fields, '$.phone'), raw FROM read_parquet({DuckDb.Literal(path)}) WHERE record_index = 0"));
        Assert.Equal(["12345678901234567890123", "1e400", "Zoë 日本 😀", null, null], row);
        Assert.Equal("{\n \"a\": [1,\r\n2]}", DuckDb.Scalar($"SELECT raw FROM read_parquet({DuckDb.Literal(path)}) WHERE record_index = 2"));
        Assert.Equal("delete", DuckDb.Scalar($"SELECT subscribe_event_type FROM read_parquet({DuckDb.Literal(path)}) WHERE record_id = '2'"));
    }

    [Fact]
    public async Task Every_file_has_the_one_schema_whatever_its_records_hold()
    {
        var sparse = Path.Combine(directory.FullName, "sparse.parquet");
        var full = Path.Combine(directory.FullName, "full.parquet");
        var empty = Path.Combine(directory.FullName, "empty.parquet");
        await Rowed.WriteParquetAsync(sparse, BatchCompression.Zstd, [Rowed.Of("{\"data\":{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"result\":[{}]}}")]);
        await Rowed.WriteParquetAsync(full, BatchCompression.Gzip, [Rowed.Of(Odd), Rowed.Of(Examples.SubscribeBody, "subscribe")]);
        await Rowed.WriteParquetAsync(empty, BatchCompression.None, []);

        var files = $"[{DuckDb.Literal(sparse)}, {DuckDb.Literal(full)}, {DuckDb.Literal(empty)}]";
        Assert.Equal(5L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet({files})"));
        var schema = DuckDb.Query($"DESCRIBE SELECT * FROM read_parquet({files})").Select(column => ((string)column[0]!, (string)column[1]!)).ToList();
        Assert.Equal(
            RowColumns.All.Select(column => (column.Name, column.Kind switch
            {
                RowColumnKind.Time => "TIMESTAMP WITH TIME ZONE",
                RowColumnKind.Index => "INTEGER",
                _ => "VARCHAR",
            })),
            schema);
    }

    [Fact]
    public async Task Event_time_is_the_utc_instant_in_microseconds()
    {
        var path = Path.Combine(directory.FullName, "time.parquet");
        await Rowed.WriteParquetAsync(path, BatchCompression.Gzip, [Rowed.Of(Examples.ReadBody)]);

        Assert.Equal(1_760_410_739_323_405L, DuckDb.Scalar($"SELECT epoch_us(event_time) FROM read_parquet({DuckDb.Literal(path)})"));
        Assert.Equal("2025-10-14T02:58:59.323405308Z", DuckDb.Scalar($"SELECT operation_time FROM read_parquet({DuckDb.Literal(path)})"));
    }

    [Fact]
    public async Task Row_groups_are_bounded_and_carry_statistics_to_skip_them_by()
    {
        var messages = Enumerable.Range(0, 10).Select(number =>
            Rowed.Of($"{{\"data\":{{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:{number:D2}Z\",\"result\":[{{\"fields\":{{\"id\":\"{number}\"}}}}]}}}}", eventId: $"e-{number}"));
        var path = Path.Combine(directory.FullName, "groups.parquet");
        await Rowed.WriteParquetAsync(path, BatchCompression.Gzip, messages, rowGroupRows: 3);

        var groups = DuckDb.Query(
            $"SELECT row_group_id, row_group_num_rows, stats_min, stats_max FROM parquet_metadata({DuckDb.Literal(path)}) WHERE path_in_schema = 'event_id' ORDER BY row_group_id");
        Assert.Equal([3L, 3L, 3L, 1L], groups.Select(group => group[1]));
        Assert.Equal([("e-0", "e-2"), ("e-3", "e-5"), ("e-6", "e-8"), ("e-9", "e-9")], groups.Select(group => ((string)group[2]!, (string)group[3]!)));
        Assert.Equal(10L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)}) WHERE event_time >= TIMESTAMPTZ '2025-10-14 02:58:00Z'"));
    }

    [Fact]
    public async Task A_row_group_closes_at_its_characters_of_record_values_too()
    {
        var big = new string('x', 600);
        var messages = Enumerable.Range(0, 5).Select(number =>
            Rowed.Of($"{{\"data\":{{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"result\":[{{\"raw\":\"{big}\"}}]}}}}", eventId: $"e-{number}"));
        var path = Path.Combine(directory.FullName, "chars.parquet");
        await Rowed.WriteParquetAsync(path, BatchCompression.Zstd, messages, rowGroupChars: 1000);

        Assert.Equal([2L, 2L, 1L], DuckDb.Query(
            $"SELECT row_group_num_rows FROM parquet_metadata({DuckDb.Literal(path)}) WHERE path_in_schema = 'raw' ORDER BY row_group_id").Select(group => group[0]));
        Assert.Equal(5L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)}) WHERE length(raw) = 602"));
    }

    [Fact]
    public async Task Records_streamed_from_a_download_become_the_rows_they_would_be_inline()
    {
        const string Records = "[{\"fields\":{\"id\":\"1\"}}, {\"raw\":{\"n\":1e400}}]";
        var inline = Path.Combine(directory.FullName, "inline.parquet");
        var streamed = Path.Combine(directory.FullName, "streamed.parquet");
        await Rowed.WriteParquetAsync(inline, BatchCompression.Gzip, [Rowed.Of($"{{\"data\":{{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"result\":{Records}}}}}")]);
        var message = Rowed.Of("{\"data\":{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"resultInfo\":{\"type\":\"url\"}}}");
        await using (var file = File.Create(streamed))
        {
            await using var writer = await ParquetRowsWriter.CreateAsync(file, BatchCompression.Gzip, CancellationToken.None);
            using var records = RecordReader.Over(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Records)), "the downloaded result");
            await writer.WriteAsync(message.Columns, records, CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
        }

        static List<object?[]> Rows(string path) => DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Literal(path)}) ORDER BY record_index");
        Assert.Equal(2, Rows(streamed).Count);
        Assert.Equal(Rows(inline), Rows(streamed));
    }

    // A Parquet value equals the NDJSON row's: text as text, JSON as the JSON sent (NDJSON has it on one line), the time as its instant.
    private static bool SameValue(RowColumn column, object? parquet, JsonElement ndjson) => column.Kind switch
    {
        _ when ndjson.ValueKind == JsonValueKind.Null => parquet is null,
        RowColumnKind.Time => parquet is DateTime time && DateTimeOffset.Parse(ndjson.GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime - time < TimeSpan.FromMicroseconds(1),
        RowColumnKind.Index => parquet is int index && index == ndjson.GetInt32(),
        RowColumnKind.Json => parquet is string text && text.Replace('\r', ' ').Replace('\n', ' ') == ndjson.GetRawText(),
        _ => parquet is string text && text == ndjson.GetString(),
    };
}
