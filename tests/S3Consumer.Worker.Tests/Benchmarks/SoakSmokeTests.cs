using S3Consumer.Benchmarks.Soak;
using S3Consumer.Core;

namespace S3Consumer.Worker.Tests.Benchmarks;

/// <summary>
/// The soak's parts that decide its verdict, without services: its options, the fault schedule a seed gives, and the
/// tally that accounts for every message. CI never runs the soak (README.md, "Soak"); this keeps its pieces from rotting.
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

    private static SentMessage Sent(long number, Expectation expected) =>
        new(new SoakMessage(number, Ids.Of(number), Publisher.Raw, "raw read", "", Queues.Read, [], new Dictionary<string, object?>(), expected));
}
