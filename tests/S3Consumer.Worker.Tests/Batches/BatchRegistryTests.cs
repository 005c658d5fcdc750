using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>When a running worker's open batches are handed over to be written: full, due by their timer, drained, or at once for a probe.</summary>
public sealed class BatchRegistryTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 10, 14, 3, 0, 0, TimeSpan.Zero));
    private readonly List<ClosedBatch> written = [];
    private readonly ServiceProvider services;
    private readonly BatchRegistry batches;

    public BatchRegistryTests()
    {
        services = ConfiguredServices.From(
                ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "us-west-2"),
                ("Destinations:lake:Batch:MaxMessages", "3"), ("Destinations:lake:Batch:MaxWait", "00:00:30"),
                ("Destinations:lake:Batch:PartitionBy", "metadata.objectName"))
            .AddLogging().AddMetrics().AddSingleton<WorkerTelemetry>().AddDestinations()
            .AddOptions<QueueOptions>().Services.AddSingleton<BatchRoom>()
            .BuildServiceProvider();
        batches = Registry(time);
    }

    private DestinationCatalog Catalog => services.GetRequiredService<DestinationCatalog>();

    private Destination Lake => Catalog.Resolve("lake");

    public void Dispose()
    {
        batches.Dispose();
        services.Dispose();
    }

    [Fact]
    public void A_full_batch_is_handed_over_with_each_message_waiting_on_it_in_order()
    {
        var waits = Enumerable.Range(1, 4).Select(number => batches.AddAsync(Lake, BatchBodies.Message(number), 0, default, closeNow: false)).ToList();

        var batch = Assert.Single(written);
        Assert.Equal(["event-1", "event-2", "event-3"], batch.Batch.Messages.Select(message => message.EventId));
        Assert.Equal((3, BatchCloseReason.MaxMessages), (batch.Entries.Count, batch.Batch.ClosedBy));
        Assert.All(waits, wait => Assert.False(wait.IsCompleted)); // nothing is done before the write says so
    }

    [Fact]
    public void Batches_short_of_MaxMessages_are_handed_over_when_MaxWait_has_passed_since_their_first_message_each()
    {
        batches.AddAsync(Lake, BatchBodies.Message(1), 0, default, closeNow: false);
        time.Advance(TimeSpan.FromSeconds(20));
        batches.AddAsync(Lake, BatchBodies.Message(2, objectName: "accounts"), 0, default, closeNow: false);
        batches.AddAsync(Lake, BatchBodies.Message(3), 0, default, closeNow: false);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(written);

        time.Advance(TimeSpan.FromSeconds(1));
        var contacts = Assert.Single(written).Batch;
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(["event-1", "event-3"], contacts.Messages.Select(message => message.EventId));
        Assert.Equal(BatchCloseReason.MaxWait, contacts.ClosedBy);
        Assert.Equal(["contacts", "accounts"], written.Select(batch => batch.Batch.Partition));
    }

    [Fact]
    public void MaxWait_is_counted_on_the_monotonic_clock_so_a_wall_clock_set_back_does_not_hold_a_batch_longer()
    {
        var clock = new SteppedWallClock(time);
        using var stepped = Registry(clock);
        stepped.AddAsync(Lake, BatchBodies.Message(1), 0, default, closeNow: false);

        clock.Step = TimeSpan.FromHours(-1); // the wall clock is set back an hour, as NTP may after a VM resumes
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["event-1"], Assert.Single(written).Batch.Messages.Select(message => message.EventId));
    }

    [Fact]
    public void A_reload_drains_the_replaced_configurations_batches_within_the_drain_delay_however_many_messages_of_it_keep_coming()
    {
        var before = Lake;
        batches.AddAsync(before, BatchBodies.Message(1), 0, default, closeNow: false);
        Reload(("Destinations:lake:Batch:MaxWait", "00:00:40"));
        time.Advance(OpenBatches.DrainDelay / 2);
        batches.AddAsync(before, BatchBodies.Message(2), 0, default, closeNow: false); // resolved before the reload: joins the new configuration's
        time.Advance(OpenBatches.DrainDelay / 2);

        var drained = Assert.Single(written).Batch;
        Assert.Equal((["event-1"], BatchCloseReason.Drain, before), (drained.Messages.Select(message => message.EventId).ToArray(), drained.ClosedBy, drained.Destination), Same);
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(("event-2", BatchCloseReason.MaxWait), (Assert.Single(written[1].Batch.Messages).EventId, written[1].Batch.ClosedBy));
    }

    [Fact]
    public void A_stop_closes_every_open_batch_at_once_as_drained_and_one_opened_after_it_within_the_drain_delay()
    {
        batches.AddAsync(Lake, BatchBodies.Message(1), 0, default, closeNow: false);
        batches.AddAsync(Lake, BatchBodies.Message(2, objectName: "accounts"), 0, default, closeNow: false);

        batches.CloseAll();

        Assert.Equal([(1, BatchCloseReason.Drain), (1, BatchCloseReason.Drain)], written.Select(batch => (batch.Batch.Messages.Count, batch.Batch.ClosedBy)));
        batches.AddAsync(Lake, BatchBodies.Message(3), 0, default, closeNow: false);
        time.Advance(OpenBatches.DrainDelay);
        Assert.Equal(3, written.Count);
    }

    [Fact]
    public void A_probe_closes_its_batch_at_once_and_carries_the_traces_of_its_messages()
    {
        var trace = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        batches.AddAsync(Lake, BatchBodies.Message(1), 0, default, closeNow: false);
        batches.AddAsync(Lake, BatchBodies.Message(2), 0, trace, closeNow: true);

        var batch = Assert.Single(written);
        Assert.Equal([default, trace], batch.Entries.Select(entry => entry.Trace));
        Assert.Equal(BatchCloseReason.Probe, batch.Batch.ClosedBy);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(written);
    }

    [Fact]
    public void A_message_that_cannot_be_in_a_batch_is_refused_and_leaves_the_open_batch_as_it_was()
    {
        batches.AddAsync(Lake, BatchBodies.Message(1), 0, default, closeNow: false);
        var message = BatchBodies.Message(2);
        var tooLarge = new BatchMessage(new ObjectContent("{}"u8.ToArray()), message.Metadata with { EventId = new string('e', 3000) }, message.Time);

        // Refused as the message is added, not through the task: the consumer sends it to the error queue alone.
        var error = Assert.Throws<Core.UndeliverableMessageException>(() => { _ = batches.AddAsync(Lake, tooLarge, 0, default, closeNow: false); });

        Assert.Equal(Core.UndeliverableReason.MetadataTooLarge, error.Reason);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["event-1"], Assert.Single(written).Batch.Messages.Select(batched => batched.EventId));
    }

    private static bool Same((string[] Ids, BatchCloseReason Reason, Destination Destination) expected, (string[] Ids, BatchCloseReason Reason, Destination Destination) actual) =>
        expected.Ids.SequenceEqual(actual.Ids) && expected.Reason == actual.Reason && ReferenceEquals(expected.Destination, actual.Destination);

    private BatchRegistry Registry(TimeProvider clock) => new(
        written.Add, Catalog, services.GetRequiredService<BatchRoom>(), Options.Create(new BatchesOptions()), services.GetRequiredService<WorkerTelemetry>(), clock);

    private void Reload(params (string Key, string Value)[] changes)
    {
        var configuration = (IConfigurationRoot)services.GetRequiredService<IConfiguration>();
        foreach (var (key, value) in changes)
        {
            configuration[key] = value;
        }

        configuration.Reload();
    }

    /// <summary>A clock whose wall time can be stepped while its monotonic time (and its timers) go on.</summary>
    private sealed class SteppedWallClock(FakeTimeProvider inner) : TimeProvider
    {
        public TimeSpan Step { get; set; }

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Step;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }
}
