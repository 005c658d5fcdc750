using System.IO.Compression;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary>
/// <c>s3consumer ddl</c>: DuckDB runs the view it prints over rows written where the keys put them (Hive-style
/// partitions included); the Athena table's location, partitions and projection follow the key template.
/// </summary>
public sealed class DdlCommandTests : IDisposable
{
    private const string Bucket = "crm-lake";
    private const string PartitionBy = "join('', ['object=', metadata.objectName, '/dt=', time.date])";
    private const string PartitionedKey = "join('', ['rows/', batch.partition, '/', batch.time.rfc3339_nano, '_', batch.id, '.parquet'])";

    private static readonly Destination Lake = new("lake", new DestinationOptions { Bucket = Bucket }, "STANDARD", ObjectKeyTemplate.Default);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("s3consumer-ddl-");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public async Task DuckDB_reads_parquet_rows_in_hive_partitions_through_the_view_it_prints()
    {
        await WriteParquetAsync("rows/object=contacts/dt=2025-10-14/2025-10-14T02:58:59.323405308Z_a.parquet", Rows(Examples.ReadBody, "read"));
        await WriteParquetAsync("rows/object=company/dt=2025-04-10/2025-04-10T23:22:25Z_b.parquet", Rows(Examples.SubscribeBody, "subscribe", "e-1"), Rows(Examples.SubscribeBody, "subscribe", "e-2"));

        using var connection = await ViewAsync(Settings("parquet", ("Batch:PartitionBy", PartitionBy), ("ObjectKeyTemplate", PartitionedKey)));

        Assert.Equal(
            [["company", "2025-04-10", 2L], ["contacts", "2025-10-14", 1L]],
            DuckDb.Query(connection, "SELECT object, CAST(dt AS VARCHAR), count(*) FROM lake GROUP BY ALL ORDER BY object"));
        Assert.Equal("maria@example.com", DuckDb.Query(connection, "SELECT json_extract_string(fields, '$.email') FROM lake WHERE object = 'contacts'").Single()[0]);
        Assert.Equal(
            ["TIMESTAMP WITH TIME ZONE", "INTEGER", "VARCHAR"],
            DuckDb.Query(connection, "SELECT typeof(event_time), typeof(record_index), typeof(fields) FROM lake LIMIT 1").Single());
    }

    [Theory]
    [InlineData("gzip", ".ndjson.gz")]
    [InlineData("zstd", ".ndjson.zst")]
    [InlineData("none", ".ndjson")]
    public async Task DuckDB_reads_ndjson_rows_of_batches_through_the_view_it_prints(string compression, string suffix)
    {
        await WriteNdjsonAsync($"2025-10-14T02:58:59.323405308Z_a{suffix}", compression, Rows(Examples.ReadBody, "read"), Rows(Examples.SubscribeBody, "subscribe"));

        using var connection = await ViewAsync(Settings("records", ("Batch:Compression", compression)));

        Assert.Equal(
            [["read", "438", 0, "Brisbane"], ["subscribe", "001Dp00000ZDgmxIAD", 0, null]],
            DuckDb.Query(connection, "SELECT action, record_id, record_index, json_extract_string(fields, '$.city') FROM lake ORDER BY action"));
        Assert.Equal(
            ["TIMESTAMP WITH TIME ZONE", "JSON"],
            DuckDb.Query(connection, "SELECT typeof(event_time), typeof(raw) FROM lake LIMIT 1").Single());
    }

    [Fact]
    public async Task DuckDB_reads_the_ndjson_objects_of_a_destination_of_one_object_per_message()
    {
        await WriteNdjsonAsync("2025-10-14T02:58:59.323405308Z_e-0.json", "none", Rows(Examples.ReadBody, "read"));

        using var connection = await ViewAsync(Destination(("Format", "records")));

        Assert.Equal(1L, DuckDb.Query(connection, "SELECT count(*) FROM lake WHERE json_extract_string(raw, '$.properties.email') = 'maria@example.com'").Single()[0]);
    }

    public static TheoryData<string?, string, string, string[]> Layouts => new()
    {
        { PartitionBy, PartitionedKey, "s3://crm-lake/rows/", ["PARTITIONED BY (`object` string, `dt` string)", "'projection.object.type' = 'injected'",
            "'projection.dt.type' = 'date'", "'projection.dt.format' = 'yyyy-MM-dd'", "'storage.location.template' = 's3://crm-lake/rows/object=${object}/dt=${dt}/'"] },
        { "join('/', [join('', ['year=', time.year]), join('', ['month=', time.month]), join('', ['source=', 'crm'])])", "join('', ['lake/v1/', batch.partition, '/', batch.id, '.parquet'])",
            "s3://crm-lake/lake/v1/", ["PARTITIONED BY (`year` string, `month` string, `source` string)", "'projection.year.type' = 'integer'",
            "'projection.month.range' = '1,12'", "'projection.month.digits' = '2'", "'projection.source.type' = 'enum'", "'projection.source.values' = 'crm'"] },
        { "join('/', [metadata.objectName, time.date])", "join('', ['rows/', batch.partition, '/', batch.id, '.parquet'])", "s3://crm-lake/rows/", [] },
        { null, "join('', [batch.id, '.parquet'])", "s3://crm-lake/", [] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task The_athena_table_is_located_and_partitioned_as_the_keys_are(string? partitionBy, string template, string location, string[] lines)
    {
        (string, string)[] keys = partitionBy is null ? [("ObjectKeyTemplate", template)] : [("ObjectKeyTemplate", template), ("Batch:PartitionBy", partitionBy)];
        var result = await ToolRun.InvokeAsync(["ddl", "lake", "--dialect", "athena", .. ToolRun.Set(Settings("parquet", keys))]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `lake` (\n  `event_id` string COMMENT 'metadata.\"event-id\"',\n  `event_time` timestamp COMMENT", result.Out, StringComparison.Ordinal);
        Assert.Contains($"STORED AS PARQUET\nLOCATION '{location}'", result.Out, StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Contains(line, result.Out, StringComparison.Ordinal));
        Assert.Equal(lines.Length > 0, result.Out.Contains("PARTITIONED BY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DuckDB_reads_parquet_objects_under_the_default_batch_key()
    {
        await WriteParquetAsync("2025-10-14T02:58:59.323405308Z_a.parquet", Rows(Examples.ReadBody, "read"));

        using var connection = await ViewAsync(Settings("parquet"));

        Assert.Equal(1L, DuckDb.Query(connection, "SELECT count(*) FROM lake").Single()[0]);
    }

    [Fact]
    public async Task The_athena_table_of_ndjson_rows_reads_them_with_the_json_serde()
    {
        var result = await ToolRun.InvokeAsync(["ddl", "lake", "--table", "crm_rows", .. ToolRun.Set(Settings("records"))]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `crm_rows` (", result.Out, StringComparison.Ordinal);
        Assert.Contains("`event_time` string COMMENT 'the event time, as the key''s time',", result.Out, StringComparison.Ordinal);
        Assert.Contains("`record_index` int COMMENT", result.Out, StringComparison.Ordinal);
        Assert.Contains("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nLOCATION 's3://crm-lake/';", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_of_messages_is_refused_saying_what_to_set()
    {
        var result = await ToolRun.InvokeAsync(["ddl", "lake", .. ToolRun.Set(Destination())]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith("s3consumer: destination 'lake' writes Format message:", result.Error, StringComparison.Ordinal);
        Assert.Contains("Set Destinations:lake:Format to records", result.Error, StringComparison.Ordinal);
    }

    private static KeyValuePair<string, string?>[] Settings(string format, params (string Key, string Value)[] extra) =>
        Destination([("Format", format), ("Batch:MaxMessages", "1000"), .. extra]);

    private static KeyValuePair<string, string?>[] Destination(params (string Key, string Value)[] extra) =>
        [.. new[] { ("Bucket", Bucket), ("Region", "us-west-2") }.Concat(extra).Select(setting => KeyValuePair.Create($"Destinations:lake:{setting.Item1}", (string?)setting.Item2))];

    // The rows of a message as the worker computes them, with this event-id.
    private static MessageRows Rows(byte[] body, string action, string eventId = "e-0")
    {
        var message = new InboundMessage { QueueAction = action, QueueName = $"s3consumer-{action}", Body = body, EventIdHeader = eventId };
        var read = ActionMessageReader.Read(message);
        var line = ObjectWriteBuilder.BuildBatchLine(message, read, Lake);
        return MessageRows.Of(read, line.Metadata, line.Time);
    }

    private async Task WriteParquetAsync(string key, params MessageRows[] messages)
    {
        await using var file = Create(key);
        await using var writer = await ParquetRowsWriter.CreateAsync(file, BatchCompression.Gzip, CancellationToken.None);
        foreach (var rows in messages)
        {
            await writer.WriteAsync(rows, CancellationToken.None);
        }

        await writer.CompleteAsync(CancellationToken.None);
    }

    private async Task WriteNdjsonAsync(string key, string compression, params MessageRows[] messages)
    {
        await using var file = Create(key);
        Assert.True(BatchCompressions.TryParse(compression, out var codec));
        await using var output = codec == BatchCompression.None ? file : codec.Compress(file);
        var writer = new NdjsonRowsWriter(output);
        foreach (var rows in messages)
        {
            writer.Write(rows);
        }
    }

    private FileStream Create(string key)
    {
        var path = Path.Combine(directory.FullName, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return File.Create(path);
    }

    // The view ddl prints, run by DuckDB over the directory laid out as the bucket.
    private async Task<DuckDB.NET.Data.DuckDBConnection> ViewAsync(KeyValuePair<string, string?>[] settings)
    {
        var result = await ToolRun.InvokeAsync(["ddl", "lake", "--dialect", "duckdb", .. ToolRun.Set(settings)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"'s3://{Bucket}/", result.Out, StringComparison.Ordinal);
        var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        DuckDb.Query(connection, result.Out.Replace($"s3://{Bucket}/", directory.FullName + "/", StringComparison.Ordinal));
        return connection;
    }
}
