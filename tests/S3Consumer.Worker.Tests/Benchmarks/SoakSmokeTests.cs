using S3Consumer.Benchmarks.Pipeline;
using S3Consumer.Benchmarks.Soak;
using S3Consumer.Core;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;

namespace S3Consumer.Worker.Tests.Benchmarks;

/// <summary>
/// The soak's parts that decide its verdict, without services: its options, the fault schedule a seed gives, the
/// tally that accounts for every message, and the reading back of rows as the worker's writers write them. CI never
/// runs the soak (README.md, "Soak"); this keeps its pieces from rotting.
/// </summary>
public sealed class SoakSmokeTests
{
    private static readonly SoakIds Ids = new("abc123");
    private static readonly SoakQueues Queues = new("abc123");

    [Fact]
    public void Quick_is_five_minutes_and_a_bad_option_is_named()
    {
        var quick = SoakOptions.Parse(["--quick", "--seed", "7"]);

        Assert.Equal((TimeSpan.FromMinutes(5), 7), (quick.Duration, quick.Seed));
        Assert.Contains("--rate takes a positive whole number, not 'fast'", Assert.Throws<ArgumentException>(() => SoakOptions.Parse(["--rate", "fast"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seed_plans_the_same_faults_again_every_kind_within_the_run_and_worker_1_never_stopped()
    {
        var plan = FaultSchedule.Plan(42, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));

        Assert.Equal(plan, FaultSchedule.Plan(42, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10)));
        Assert.Equal(Enum.GetValues<FaultKind>().Order(), plan.Select(fault => fault.Kind).Distinct().Order());
        Assert.All(plan.Where(fault => fault.Kind is FaultKind.KillWorker or FaultKind.StopWorker), fault => Assert.InRange(fault.Target, 2, SoakWorkers.Count));
        Assert.All(plan, fault => Assert.InRange(fault.At, TimeSpan.Zero, TimeSpan.FromMinutes(5)));
        Assert.Equal(plan.OrderBy(fault => fault.At), plan);
    }

    [Fact]
    public void The_tally_counts_lost_misfiled_wrongly_parked_and_written_twice_messages()
    {
        var clock = new SoakClock();
        var sent = Enumerable.Range(0, 5).Select(number => Sent(number, Expectation.Write("objects", "contacts"))).ToList();
        var poison = Sent(5, Expectation.Park(SoakQueues.ErrorQueue(Queues.Read), UndeliverableReason.UnknownDestination));
        StoredMessage Stored(long number, string destination, string key) => new(number, destination, key, 0, [], DateTime.UtcNow);
        var stored = new[]
        {
            Stored(0, "objects", $"contacts/{Ids.Of(0)}.json"), // written
            Stored(2, "lake", $"contacts/{Ids.Of(2)}.json"), // another destination's bucket
            Stored(3, "objects", $"contacts/{Ids.Of(3)}.json"), Stored(3, "objects", $"contacts/{Ids.Of(3)}-again.json"), // twice
            Stored(4, "objects", $"contacts/{Ids.Of(4)}.json"),
        };
        var parked = new[]
        {
            new ParkedMessage(4, SoakQueues.ErrorQueue(Queues.Read), "Invalid JSON: ..."), // written and parked
            new ParkedMessage(5, SoakQueues.ErrorQueue(Queues.Read), $"{UndeliverableReasons.Prefix(UndeliverableReason.UnknownDestination)}: nowhere"),
        };

        var tally = new SoakTally([.. sent, poison], stored, parked, new DeliveryLog(Ids, clock), [], clock);

        Assert.Equal([1L], tally.Lost.Select(message => message.Number));
        Assert.Equal([2L], tally.Misfiled.Select(found => found.Message.Number));
        Assert.Equal([4L], tally.WronglyParked.Select(found => found.Message.Number));
        Assert.Equal([3L], tally.WrittenTwice.Select(twice => twice.Message.Number));
        Assert.Equal((4, 1), (tally.Written, tally.ParkedAsExpected));
    }

    [Theory]
    [InlineData("records")]
    [InlineData("parquet")]
    public async Task Rows_the_worker_writes_are_read_back_with_the_count_and_hash_of_the_records_each_message_carried(string format)
    {
        var layout = (BatchedRows)SoakDestinations.Named(format).Layout;
        var written = Enumerable.Range(1, 2).Select(number => SoakBodies.Wrapped(SoakBodies.Payload(Ids.Of(number), "read", "contacts", SoakBodies.Inline, ResultServer.Records(Ids.Of(number), 40_000 * number, subscribe: false)))).ToList();
        var destination = new Destination(format, new DestinationOptions { Bucket = "soak", Format = "records" }, "STANDARD", ObjectKeyTemplate.Default);
        var rows = written.Select((body, index) =>
        {
            var message = Examples.Raw(System.Text.Encoding.UTF8.GetBytes(body), "read", format) with { EventIdHeader = Ids.Of(index + 1) };
            return ObjectWriteBuilder.BuildRows(message, ActionMessageReader.Read(message), destination).Rows;
        }).ToList();
        var path = Path.GetTempFileName();
        try
        {
            using (var body = await RowsBody.WriteAsync(format == "parquet" ? ObjectFormat.Parquet : ObjectFormat.Records, BatchCompression.Gzip, rows, CancellationToken.None))
            await using (var file = File.Create(path))
            {
                await body.OpenRead().CopyToAsync(file);
            }

            var found = layout.Read(new S3rverObject("object=contacts/dt=2025-10-14/batch", path, DateTime.UtcNow), Ids).OrderBy(message => message.Number).ToList();

            Assert.Equal([1L, 2L], found.Select(message => message.Number));
            Assert.Equal(written.Select(layout.Rows), found.Select(message => message.Rows));
            Assert.All(found, message => Assert.InRange(message.Rows!.Value, 2, 10));
            Assert.Equal(written.Select(layout.Hash), found.Select(message => message.Hash));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_message_without_records_is_accounted_for_by_its_skip_in_a_trace_and_rows_must_be_all_of_its_records()
    {
        var clock = new SoakClock();
        var deliveries = new DeliveryLog(Ids, clock);
        Assert.False(deliveries.Take(Span(0, 0L)));
        deliveries.Take(Span(3, 2L));
        var sent = new[]
        {
            Sent(0, Expectation.Skip("records", "contacts"), rows: 0), // skipped, as its trace shows
            Sent(1, Expectation.Skip("records", "contacts"), rows: 0), // no trace, no fault: lost
            Sent(2, Expectation.Skip("records", "contacts"), rows: 0), // written although it carries no records
            Sent(3, Expectation.Write("records", "contacts"), rows: 2), // all its rows
            Sent(4, Expectation.Write("records", "contacts"), rows: 2), // one of its two rows
        };
        StoredMessage Stored(long number, int rows) => new(number, "records", $"object=contacts/dt=2025-10-14/{number}.ndjson.gz", 0, [], DateTime.UtcNow, rows);

        var tally = new SoakTally(sent, [Stored(2, 1), Stored(3, 2), Stored(4, 1)], [], deliveries, [], clock);

        Assert.Equal(1, tally.Skipped);
        Assert.Equal([1L], tally.Lost.Select(message => message.Number));
        Assert.Equal([2L, 4L], tally.Corrupt.Select(found => found.Message.Number));
        Assert.Equal(1, tally.Written);
    }

    // A worker's process span of message <paramref name="number"/>, with the rows it made.
    private static S3Consumer.Testing.Telemetry.ReceivedSpan Span(long number, long rows) => new(
        Ids.TraceParent(number).Split('-')[1], "", "", $"process {Queues.Read}", "Consumer", "w1.1", "S3Consumer", new Dictionary<string, object?> { ["s3consumer.rows"] = rows },
        "Unset", [], DateTime.UtcNow, DateTime.UtcNow);

    private static SentMessage Sent(long number, Expectation expected, int? rows = null) =>
        new(new SoakMessage(number, Ids.Of(number), Publisher.Raw, "raw read", "", Queues.Read, [], new Dictionary<string, object?>(), expected) { Rows = rows });
}
