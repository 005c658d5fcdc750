using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Batches;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>When a running worker's open batch is handed over to be written: full, due, draining, or at once for a probe.</summary>
public sealed class DestinationBatcherTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 10, 14, 3, 0, 0, TimeSpan.Zero));
    private readonly List<ClosedBatch> written = [];
    private readonly ServiceProvider services;
    private readonly DestinationBatcher batcher;

    public DestinationBatcherTests()
    {
        services = ConfiguredServices.From(
                ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "us-west-2"),
                ("Destinations:lake:Batch:MaxMessages", "3"), ("Destinations:lake:Batch:MaxWait", "00:00:30"))
            .AddLogging().AddDestinations().BuildServiceProvider();
        batcher = new DestinationBatcher(services.GetRequiredService<DestinationCatalog>().Resolve("lake"), time, written.Add);
    }

    public void Dispose()
    {
        batcher.Dispose();
        services.Dispose();
    }

    [Fact]
    public void A_full_batch_is_handed_over_with_each_message_waiting_on_it_in_order()
    {
        var waits = Enumerable.Range(1, 4).Select(number => batcher.Add(BatchBodies.Message(number), default, closeNow: false)).ToList();

        var batch = Assert.Single(written);
        Assert.Equal(["event-1", "event-2", "event-3"], batch.Batch.Messages.Select(message => message.EventId));
        Assert.Equal((3, BatchCloseReason.MaxMessages), (batch.Entries.Count, batch.Batch.ClosedBy));
        Assert.All(waits, wait => Assert.False(wait.IsCompleted)); // nothing is done before the write says so
    }

    [Fact]
    public void A_batch_short_of_MaxMessages_is_handed_over_when_MaxWait_has_passed()
    {
        batcher.Add(BatchBodies.Message(1), default, closeNow: false);
        time.Advance(TimeSpan.FromSeconds(20));
        batcher.Add(BatchBodies.Message(2), default, closeNow: false);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(written);

        time.Advance(TimeSpan.FromSeconds(1));

        var batch = Assert.Single(written).Batch;
        Assert.Equal(["event-1", "event-2"], batch.Messages.Select(message => message.EventId));
        Assert.Equal(BatchCloseReason.MaxWait, batch.ClosedBy);
    }

    [Fact]
    public void MaxWait_is_counted_on_the_monotonic_clock_so_a_wall_clock_set_back_does_not_hold_a_batch_longer()
    {
        var clock = new SteppedWallClock(time);
        using var stepped = new DestinationBatcher(services.GetRequiredService<DestinationCatalog>().Resolve("lake"), clock, written.Add);
        stepped.Add(BatchBodies.Message(1), default, closeNow: false);

        clock.Step = TimeSpan.FromHours(-1); // the wall clock is set back an hour, as NTP may after a VM resumes
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["event-1"], Assert.Single(written).Batch.Messages.Select(message => message.EventId));
    }

    [Fact]
    public void A_draining_batch_is_handed_over_after_the_drain_delay_however_many_messages_keep_coming()
    {
        batcher.Add(BatchBodies.Message(1), default, closeNow: false);
        batcher.Drain();
        time.Advance(DestinationBatcher.DrainDelay / 2);
        batcher.Add(BatchBodies.Message(2), default, closeNow: false);
        time.Advance(DestinationBatcher.DrainDelay / 2);

        var batch = Assert.Single(written).Batch;
        Assert.Equal(["event-1", "event-2"], batch.Messages.Select(message => message.EventId));
        Assert.Equal(BatchCloseReason.Drain, batch.ClosedBy);

        batcher.Add(BatchBodies.Message(3), default, closeNow: false);
        time.Advance(DestinationBatcher.DrainDelay);
        Assert.Equal(2, written.Count);
    }

    [Fact]
    public void A_stop_closes_the_open_batch_at_once_as_drained_and_finds_nothing_after_it()
    {
        batcher.Add(BatchBodies.Message(1), default, closeNow: false);

        var closed = batcher.CloseNow();

        Assert.Equal((1, BatchCloseReason.Drain), (closed?.Batch.Messages.Count, closed?.Batch.ClosedBy));
        Assert.Null(batcher.CloseNow());
    }

    [Fact]
    public void A_probe_closes_its_batch_at_once_and_carries_the_traces_of_its_messages()
    {
        var trace = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        batcher.Add(BatchBodies.Message(1), default, closeNow: false);
        batcher.Add(BatchBodies.Message(2), trace, closeNow: true);

        var batch = Assert.Single(written);
        Assert.Equal([default, trace], batch.Entries.Select(entry => entry.Trace));
        Assert.Equal(BatchCloseReason.Probe, batch.Batch.ClosedBy);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(written);
    }

    [Fact]
    public void A_message_that_cannot_be_in_a_batch_is_refused_and_leaves_the_open_batch_as_it_was()
    {
        batcher.Add(BatchBodies.Message(1), default, closeNow: false);
        var message = BatchBodies.Message(2);
        var tooLarge = new BatchMessage(new ObjectContent("{}"u8.ToArray()), message.Metadata with { EventId = new string('e', 3000) }, message.Time);

        // Refused as the message is added, not through the task: the consumer sends it to the error queue alone.
        var error = Assert.Throws<Core.UndeliverableMessageException>(() => { _ = batcher.Add(tooLarge, default, closeNow: false); });

        Assert.Equal(Core.UndeliverableReason.MetadataTooLarge, error.Reason);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["event-1"], Assert.Single(written).Batch.Messages.Select(batched => batched.EventId));
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
