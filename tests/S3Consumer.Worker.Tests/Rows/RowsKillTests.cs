namespace S3Consumer.Worker.Tests.Rows;

/// <summary>
/// A worker writing Parquet batches killed with SIGKILL halfway, then started again: every row sent is in S3, once or
/// more (a batch written before its messages were acknowledged is written again), and the duplicates are counted by
/// <c>event_id</c> and <c>record_index</c>.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Process")]
public sealed class RowsKillTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo downloaded = Directory.CreateTempSubdirectory("s3consumer-rows-kill-");
    private TestBed bed = null!;

    public async Task InitializeAsync() => bed = (await TestBed.CreateAsync()).With(
        ("Destinations:lake:Format", "parquet"), ("Destinations:lake:Batch:MaxMessages", "25"), ("Destinations:lake:Batch:MaxWait", "00:00:01"));

    public async Task DisposeAsync() => await bed.DisposeAsync();

    public void Dispose() => downloaded.Delete(recursive: true);

    [Fact]
    public async Task A_worker_killed_halfway_loses_no_row()
    {
        var run = RowMessages.Create(bed.ReadQueue, bed.SubscribeQueue, reads: 300, urlReads: 0, subscribes: 100, path => path);
        // Killed with batches open and written: half the messages sent, some of them in S3 already.
        using (var first = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue))
        {
            await run.PublishAsync(bed.Broker, "lake", take: run.Count / 2);
            await first.WaitUntilAsync(async () => (await bed.Bucket.KeysAsync()).Count >= 2, TimeSpan.FromSeconds(60), "2 Parquet objects before the kill");
            first.Kill();
        }

        using var second = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);
        await run.PublishAsync(bed.Broker, "lake", skip: run.Count / 2);
        await bed.Broker.WaitUntilEmptyAsync(bed.ReadQueue, TimeSpan.FromSeconds(90));
        await bed.Broker.WaitUntilEmptyAsync(bed.SubscribeQueue, TimeSpan.FromSeconds(90));

        long distinct = 0;
        long rows = 0;
        await second.WaitUntilAsync(
            async () =>
            {
                var files = await DownloadWholeAsync();
                (distinct, rows) = files.Count == 0 ? (0, 0) : Counts(files, run.Project);
                return distinct >= run.Rows.Count;
            },
            TimeSpan.FromSeconds(60),
            $"{run.Rows.Count} distinct rows in S3",
            seen: () => $"{distinct} distinct rows, {rows} in all");

        Assert.Equal(run.Rows.Count, distinct);
        Assert.InRange(rows, run.Rows.Count, 2L * run.Rows.Count);
        Assert.Equal(run.Rows.Count, WithoutDuplicates(await DownloadWholeAsync(), run.Project));
        Assert.Equal(0u, await bed.Broker.CountAsync($"{bed.ReadQueue}_error"));
        output.WriteLine($"{run.Rows.Count} rows sent; {rows} written, {rows - distinct} of them duplicates");
    }

    private static (long Distinct, long Rows) Counts(IReadOnlyList<string> files, string project)
    {
        var list = string.Join(", ", files.Select(DuckDb.Literal));
        var counts = DuckDb.Query($"SELECT count(DISTINCT (event_id, record_index)), count(*) FROM read_parquet([{list}]) WHERE project_id = '{project}'").Single();
        return ((long)counts[0]!, (long)counts[1]!);
    }

    // The README's query that removes duplicates, over the run's rows.
    private static int WithoutDuplicates(IReadOnlyList<string> files, string project)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        DuckDb.Query(connection, $"CREATE VIEW lake AS SELECT * FROM read_parquet([{string.Join(", ", files.Select(DuckDb.Literal))}]) WHERE project_id = '{project}'");
        return DuckDb.Query(connection, ReadmeQueries.WithoutDuplicates).Count;
    }

    // The bucket's whole Parquet files (s3rver keeps what a PUT cut off by the kill sent; S3 would keep nothing), downloaded.
    private async Task<IReadOnlyList<string>> DownloadWholeAsync()
    {
        var files = new List<string>();
        foreach (var key in await bed.Bucket.KeysAsync())
        {
            var stored = await bed.Bucket.WaitForObjectAsync(key);
            if (stored.Body.Length < 8 || !stored.Body.AsSpan(0, 4).SequenceEqual("PAR1"u8) || !stored.Body.AsSpan(stored.Body.Length - 4).SequenceEqual("PAR1"u8))
            {
                continue;
            }

            var path = Path.Combine(downloaded.FullName, $"{files.Count}.parquet");
            await File.WriteAllBytesAsync(path, stored.Body);
            files.Add(path);
        }

        return files;
    }
}
