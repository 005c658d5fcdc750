using System.Text.Json;
using DuckDB.NET.Data;
using S3Consumer.Core.Rows;
using S3Consumer.Testing.Telemetry;
using S3Consumer.Worker.Tests.Telemetry;
using S3Consumer.Worker.Tests.Tool;

namespace S3Consumer.Worker.Tests.Rows;

/// <summary>
/// Destinations of rows through RabbitMQ and s3rver, read back by DuckDB through the view <c>s3consumer ddl --dialect
/// duckdb</c> prints, run over the objects downloaded where their keys put them: one row per record sent (read and
/// subscribe, inline and <c>url</c>), with its message's columns; a message without records written nowhere,
/// acknowledged and counted; a message whose rows cannot be made parked whole with the reason.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Process")]
public sealed class RowsDeliveryTests(RowsSetup fixture, ITestOutputHelper output) : IClassFixture<RowsSetup>, IDisposable
{
    private readonly DirectoryInfo downloaded = Directory.CreateTempSubdirectory("s3consumer-rows-");
    private readonly Dictionary<string, StoredObject> seen = new(StringComparer.Ordinal);

    public void Dispose() => downloaded.Delete(recursive: true);

    public static TheoryData<string, string, string?, string> Destinations => new()
    {
        // destination, content type, content encoding, key suffix
        { "lake", "application/x-ndjson", null, ".ndjson" },
        { "ndjson", "application/x-ndjson", "gzip", ".ndjson.gz" },
        { "parquet", ObjectFormats.ParquetContentType, null, ".parquet" },
    };

    [Theory]
    [MemberData(nameof(Destinations))]
    public async Task Every_record_sent_is_one_row_that_DuckDB_reads_through_the_ddl_view(string destination, string contentType, string? contentEncoding, string suffix)
    {
        var run = RowMessages.Create(fixture.ReadQueue, fixture.SubscribeQueue, reads: 60, urlReads: 10, subscribes: 30, path => fixture.Results.Url("localhost", path));
        fixture.WithoutRecords += run.WithoutRecords;
        await run.PublishAsync(fixture.Broker, destination);

        using var table = await WaitForRowsAsync(destination, run);
        await fixture.Broker.WaitUntilEmptyAsync(fixture.ReadQueue);
        await fixture.Broker.WaitUntilEmptyAsync(fixture.SubscribeQueue);

        var filter = $"FROM {destination} WHERE project_id = '{run.Project}'";
        Assert.Equal(
            run.Rows.Select(row => new object?[] { row.EventId, row.RecordIndex, row.RecordId, row.Action, row.EventType }).OrderBy(Key, StringComparer.Ordinal),
            DuckDb.Query(table, $"SELECT event_id, record_index, record_id, action, subscribe_event_type {filter}").OrderBy(Key, StringComparer.Ordinal));

        // Fields are reachable with json_extract; the message's columns are on every row; event_time is a timestamp.
        Assert.Equal(
            run.Rows.Where(row => row.EventType != "delete").Select(row => row.RecordId).Order(StringComparer.Ordinal),
            DuckDb.Query(table, $"SELECT json_extract_string(fields, '$.id') AS id {filter} AND subscribe_event_type IS DISTINCT FROM 'delete' ORDER BY id").Select(row => (string)row[0]!));
        Assert.Equal(
            [["TIMESTAMP WITH TIME ZONE", "hubspot", "i-1", "contacts", destination]],
            DuckDb.Query(table, $"SELECT DISTINCT typeof(event_time), provider, installation_id, object_name, destination_id {filter}"));
        Assert.Equal(
            [["2025-10-14"], ["2025-10-15"]],
            DuckDb.Query(table, $"SELECT DISTINCT strftime(timezone('UTC', event_time), '%Y-%m-%d') AS day {filter} ORDER BY day"));
        Assert.Equal(
            [["Name\n1", 1.5, "Name 1"]],
            DuckDb.Query(table, $"SELECT DISTINCT json_extract_string(fields, '$.firstname'), CAST(json_extract(fields, '$.score') AS DOUBLE), json_extract_string(mapped_fields, '$.name') {filter} AND action = 'read' AND record_index = 1"));

        // The README's queries, over this run's rows.
        DuckDb.Query(table, $"CREATE TEMP VIEW mine AS SELECT * {filter}");
        Assert.Equal(
            run.Rows.GroupBy(row => row.Time[..10]).OrderBy(day => day.Key, StringComparer.Ordinal).Select(day => new object?[] { "contacts", day.Key, (long)day.Count() }),
            DuckDb.Query(table, Mine(ReadmeQueries.RowsByObjectAndDay)));
        Assert.Equal(
            run.Rows.Where(row => row.Action == "subscribe").GroupBy(row => row.RecordId)
                .Select(record => record.MaxBy(row => row.Time)!).Select(row => Key([row.RecordId, row.EventType])).Order(StringComparer.Ordinal),
            DuckDb.Query(table, Mine(ReadmeQueries.LatestStateOfEachRecord)).Select(row => Key([row[0], row[1]])).Order(StringComparer.Ordinal));
        Assert.Equal(run.Rows.Count, DuckDb.Query(table, Mine(ReadmeQueries.WithoutDuplicates)).Count);

        var objects = await ObjectsAsync(destination);
        Assert.All(objects, stored =>
        {
            Assert.EndsWith(suffix, stored.Key, StringComparison.Ordinal);
            Assert.Equal((contentType, contentEncoding), (stored.ContentType, stored.ContentEncoding));
        });
        if (destination != "parquet")
        {
            AssertEachLineIsOneRow(objects, run);
        }

        // A message without records writes no object and no row, and is counted.
        Assert.Equal((long)(run.Count - run.WithoutRecords), DuckDb.Query(table, $"SELECT count(DISTINCT event_id) {filter}").Single()[0]);
        await fixture.Telemetry.WaitUntilAsync(
            received => SkippedWithoutRecords(received) == fixture.WithoutRecords
                && received.Spans.Any(span => span.Attributes.GetValueOrDefault("s3consumer.format") as string == ObjectFormatOf(destination) && span.Attributes.ContainsKey("s3consumer.rows")),
            TimeSpan.FromSeconds(30));
        output.WriteLine($"{destination}: {objects.Count} objects, {run.Rows.Count} rows of {run.Count} messages");
    }

    [Fact]
    public async Task A_message_whose_rows_cannot_be_made_is_parked_whole_with_the_reason_and_its_batch_written_without_it()
    {
        var run = RowMessages.Create(fixture.ReadQueue, fixture.SubscribeQueue, reads: 5, urlReads: 0, subscribes: 0, path => path);
        fixture.WithoutRecords += run.WithoutRecords;
        var poison = $$$"""{"data":{"action":"read","projectId":"{{{run.Project}}}","provider":"hubspot","installationId":"i-1","objectName":"contacts","operationTime":"2025-10-14T02:58:59Z","result":[{"fields":{"id":"x"}},{"fields":{"id":"x"},"Fields":{"id":"y"}}]}}""";

        await fixture.Broker.PublishRawAsync(fixture.ReadQueue, Encoding.UTF8.GetBytes(poison), new Dictionary<string, string> { ["destination"] = "parquet" }, messageId: $"{run.Project}-poison");
        await run.PublishAsync(fixture.Broker, "parquet");

        var failed = await fixture.Broker.TakeAsync($"{fixture.ReadQueue}_error", TimeSpan.FromSeconds(60));
        Assert.Equal(($"{run.Project}-poison", poison), (failed.BasicProperties.MessageId, Encoding.UTF8.GetString(failed.Body.Span)));
        var reason = Broker.Header(failed, "MT-Fault-Message");
        output.WriteLine(reason);
        Assert.StartsWith("Ambiguous message: $.data.result[1] gives 'fields' twice, so its row could hold either: send it once.", reason, StringComparison.Ordinal);
        using var table = await WaitForRowsAsync("parquet", run);
        Assert.Equal(0L, DuckDb.Query(table, $"SELECT count(*) FROM parquet WHERE record_id = 'x' AND project_id = '{run.Project}'").Single()[0]);
    }

    private static string Key(object?[] row) => string.Join('|', row);

    private static string Mine(string query) => query.Replace("FROM lake", "FROM mine", StringComparison.Ordinal);

    private static string ObjectFormatOf(string destination) => destination == "parquet" ? "parquet" : "records";

    private static double SkippedWithoutRecords(OtlpReceiver received) =>
        received.MetricPoints.Where(point => point.Name == "s3consumer.messages.skipped" && point.Attributes.GetValueOrDefault("s3consumer.reason") as string == "no-records")
            .Select(point => point.Value ?? 0).DefaultIfEmpty(0).Max();

    // Each NDJSON line is one row: a JSON object of every column, in order, that System.Text.Json parses alone.
    private static void AssertEachLineIsOneRow(IReadOnlyList<StoredObject> objects, RowMessages run)
    {
        var lines = objects.SelectMany(stored => WrittenRows.Text(stored).Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var ours = lines.Select(line => JsonDocument.Parse(line)).Where(row => row.RootElement.GetProperty("project_id").GetString() == run.Project).ToList();
        Assert.Equal(run.Rows.Count, ours.Count);
        Assert.All(ours, row => Assert.Equal(RowColumns.All.Select(column => column.Name), row.RootElement.EnumerateObject().Select(property => property.Name)));
    }

    // Waits until the destination's table, as ddl defines it over the objects downloaded so far, holds the run's rows.
    private async Task<DuckDBConnection> WaitForRowsAsync(string destination, RowMessages run)
    {
        DuckDBConnection? table = null;
        long rows = 0;
        await Poll.UntilAsync(
            async () =>
            {
                table?.Dispose();
                table = null;
                if ((await ObjectsAsync(destination)).Count == 0)
                {
                    return false;
                }

                table = await TableAsync(destination);
                rows = (long)DuckDb.Query(table, $"SELECT count(*) FROM {destination} WHERE project_id = '{run.Project}'").Single()[0]!;
                return rows >= run.Rows.Count;
            },
            TimeSpan.FromSeconds(90),
            $"{run.Rows.Count} rows of project {run.Project} in destination {destination}",
            interval: TimeSpan.FromMilliseconds(500),
            seen: () => $"{rows} rows; worker said: {string.Join(" | ", fixture.WorkerOutput.TakeLast(5))}");
        return table!;
    }

    // The view ddl prints for the destination, run by DuckDB over the directory the bucket's objects were downloaded to.
    private async Task<DuckDBConnection> TableAsync(string destination)
    {
        var settings = fixture.Settings.Where(setting => setting.Key.StartsWith($"Destinations:{destination}:", StringComparison.OrdinalIgnoreCase));
        var result = await ToolRun.InvokeAsync(["ddl", destination, "--dialect", "duckdb", .. ToolRun.Set(settings)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var bucket = fixture.Bucket(destination).Name;
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        DuckDb.Query(connection, result.Out.Replace($"s3://{bucket}/", Path.Combine(downloaded.FullName, bucket) + "/", StringComparison.Ordinal));
        return connection;
    }

    // Every object of the destination's bucket, each downloaded once to where its key puts it.
    private async Task<IReadOnlyList<StoredObject>> ObjectsAsync(string destination)
    {
        var bucket = fixture.Bucket(destination);
        var objects = new List<StoredObject>();
        foreach (var key in await bucket.KeysAsync())
        {
            var path = Path.Combine(downloaded.FullName, bucket.Name, key);
            if (!seen.TryGetValue(path, out var stored))
            {
                stored = seen[path] = await bucket.WaitForObjectAsync(key);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, stored.Body);
            }

            objects.Add(stored);
        }

        return objects;
    }
}
