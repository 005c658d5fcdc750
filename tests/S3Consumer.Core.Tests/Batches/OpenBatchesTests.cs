using S3Consumer.Core.Batches;

namespace S3Consumer.Core.Tests.Batches;

public sealed class OpenBatchesTests
{
    [Fact]
    public void Closes_the_batch_at_max_messages()
    {
        var lake = Batched.Lake(("Batch:MaxMessages", "3"));
        var batches = Batched.Open(lake);

        Assert.Empty(batches.Add(lake, Batched.Message(1), 0, Batched.Start));
        Assert.Empty(batches.Add(lake, Batched.Message(2), 0, Batched.Start));
        var closed = Assert.Single(batches.Add(lake, Batched.Message(3), 0, Batched.Start));

        Assert.Equal(["event-0001", "event-0002", "event-0003"], closed.Messages.Select(message => message.EventId));
        Assert.Equal((0, 0, null), (batches.Count, batches.Messages, batches.DueAt));
        Assert.Equal(BatchCloseReason.MaxMessages, closed.ClosedBy);
    }

    [Fact]
    public void Closes_the_open_batch_before_a_message_that_would_take_it_over_max_bytes()
    {
        // Each line is {"data":{"action":"read","n":N}} and a newline, the same length for every one-digit N.
        var lake = Batched.Lake(("Batch:MaxBytes", "1024"));
        var batches = Batched.Open(lake);
        var lineLength = Batched.Message(1).LineLength;
        var fitting = (int)(1024 / lineLength);
        for (var number = 1; number <= fitting; number++)
        {
            Assert.Empty(batches.Add(lake, Batched.Message(number % 10), 0, Batched.Start));
        }

        var closed = Assert.Single(batches.Add(lake, Batched.Message(0), 0, Batched.Start));

        Assert.Equal((fitting, fitting * lineLength), (closed.Messages.Count, closed.UncompressedBytes));
        Assert.True(closed.UncompressedBytes <= 1024);
        Assert.Equal(BatchCloseReason.MaxBytes, closed.ClosedBy);
        Assert.Equal(1, batches.Messages);
    }

    [Fact]
    public void Closes_the_batch_that_reaches_max_bytes_exactly()
    {
        // {"data": + {"t":"x...x"} + } + newline: 512 bytes each, two to a 1 KiB batch.
        var data = $"{{\"t\":\"{new string('x', 494)}\"}}";
        var lake = Batched.Lake(("Batch:MaxBytes", "1024"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1, data), 0, Batched.Start);

        var closed = Assert.Single(batches.Add(lake, Batched.Message(2, data), 0, Batched.Start));

        Assert.Equal((512L, 1024L), (closed.Messages[0].LineLength, closed.UncompressedBytes));
        Assert.Equal(BatchCloseReason.MaxBytes, closed.ClosedBy);
    }

    [Fact]
    public void A_message_larger_than_max_bytes_goes_alone_and_closes_the_batch_before_it()
    {
        var lake = Batched.Lake(("Batch:MaxBytes", "1024"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);
        var large = Batched.Message(2, $"{{\"text\":\"{new string('x', 2000)}\"}}");

        var closed = batches.Add(lake, large, 0, Batched.Start);

        Assert.Equal([["event-0001"], ["event-0002"]], closed.Select(batch => batch.Messages.Select(message => message.EventId)));
        Assert.Equal(large.LineLength, closed[1].UncompressedBytes);
        Assert.Equal([BatchCloseReason.MaxBytes, BatchCloseReason.MaxBytes], closed.Select(batch => batch.ClosedBy));
        Assert.Equal(0, batches.Count);
    }

    [Fact]
    public void A_batch_is_due_max_wait_after_its_first_message()
    {
        var lake = Batched.Lake(("Batch:MaxWait", "00:00:30"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);
        batches.Add(lake, Batched.Message(2), 0, Batched.Start.AddSeconds(20));

        Assert.Equal(Batched.Start.AddSeconds(30), batches.DueAt);
        Assert.Empty(batches.TakeDue(Batched.Start.AddSeconds(29.999)));
        var due = Assert.Single(batches.TakeDue(Batched.Start.AddSeconds(30)));

        Assert.Equal((2, BatchCloseReason.MaxWait), (due.Messages.Count, due.ClosedBy));
        Assert.Null(batches.DueAt);
        Assert.Empty(batches.TakeDue(Batched.Start.AddHours(1)));
    }

    [Fact]
    public void A_message_arriving_after_the_batch_was_due_starts_the_next_one()
    {
        var lake = Batched.Lake(("Batch:MaxWait", "00:00:30"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);

        var closed = Assert.Single(batches.Add(lake, Batched.Message(2), 0, Batched.Start.AddMinutes(1)));

        Assert.Equal(["event-0001"], closed.Messages.Select(message => message.EventId));
        Assert.Equal(BatchCloseReason.MaxWait, closed.ClosedBy);
        Assert.Equal(Batched.Start.AddMinutes(1.5), batches.DueAt);
    }

    [Fact]
    public void A_stop_closes_whatever_is_open_as_drained_and_a_batch_opened_after_it_closes_within_the_drain_delay()
    {
        var lake = Batched.Lake();
        var batches = Batched.Open(lake);
        Assert.Empty(batches.Stop(Batched.Start));
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);

        var closed = Assert.Single(batches.Stop(Batched.Start));

        Assert.Equal((1, BatchCloseReason.Drain), (closed.Messages.Count, closed.ClosedBy));
        batches.Add(lake, Batched.Message(2), 0, Batched.Start.AddSeconds(1));
        Assert.Equal(Batched.Start.AddSeconds(1) + OpenBatches.DrainDelay, batches.DueAt);
        Assert.Equal(BatchCloseReason.Drain, Assert.Single(batches.TakeDue(Batched.Start.AddSeconds(2))).ClosedBy);
    }

    [Fact]
    public void A_probe_closes_its_batch_at_once()
    {
        var lake = Batched.Lake();
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);

        var closed = Assert.Single(batches.Add(lake, Batched.Message(2), 0, Batched.Start, closeNow: true));

        Assert.Equal((2, BatchCloseReason.Probe), (closed.Messages.Count, closed.ClosedBy));
        Assert.Equal(0, batches.Count);
    }

    [Fact]
    public void Each_partition_value_has_a_batch_of_its_own_and_the_key_reads_it()
    {
        var lake = Batched.Lake(("Batch:PartitionBy", "join('/', [metadata.objectName, time.date])"), ("Batch:MaxMessages", "2"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);
        batches.Add(lake, Batched.Message(2, metadata: Batched.Metadata(2) with { ObjectName = "accounts" }), 0, Batched.Start);

        var contacts = Assert.Single(batches.Add(lake, Batched.Message(3), 0, Batched.Start));
        var accounts = Assert.Single(batches.Add(lake, Batched.Message(4, metadata: Batched.Metadata(4) with { ObjectName = "accounts" }), 0, Batched.Start));

        Assert.Equal(("contacts/2025-10-14", "event-0001 event-0003"), (contacts.Partition, string.Join(' ', contacts.Messages.Select(message => message.EventId))));
        Assert.Equal(("accounts/2025-10-14", "event-0002 event-0004"), (accounts.Partition, string.Join(' ', accounts.Messages.Select(message => message.EventId))));
        using var written = contacts.Write();
        Assert.Equal($"contacts/2025-10-14/2025-10-14T02:58:01.323405308Z_{contacts.Id}.ndjson.gz", written.Key);
    }

    [Fact]
    public void A_message_that_would_open_one_partition_too_many_has_the_destinations_oldest_batch_closed_first()
    {
        var lake = Batched.Lake(("Batch:PartitionBy", "metadata.objectName"), ("Batch:MaxOpenPartitions", "2"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Named(1, "a"), 0, Batched.Start);
        batches.Add(lake, Named(2, "b"), 0, Batched.Start.AddSeconds(1));
        batches.Add(lake, Named(3, "a"), 0, Batched.Start.AddSeconds(2));

        var closed = Assert.Single(batches.Add(lake, Named(4, "c"), 0, Batched.Start.AddSeconds(3)));

        Assert.Equal(("a", BatchCloseReason.Partitions, 2), (closed.Partition, closed.ClosedBy, closed.Messages.Count));
        Assert.Equal(2, batches.Count);
    }

    [Fact]
    public void A_message_that_would_pass_the_byte_bound_has_the_largest_batch_of_any_destination_closed_first()
    {
        var lake = Batched.Lake(("Batch:PartitionBy", "metadata.objectName"));
        var batches = Batched.Open(lake, maxHeldBytes: 1000);
        batches.Add(lake, Named(1, "a"), 300, Batched.Start);
        batches.Add(lake, Named(2, "b"), 400, Batched.Start);
        batches.Add(lake, Named(3, "a"), 200, Batched.Start);

        var closed = Assert.Single(batches.Add(lake, Named(4, "c"), 200, Batched.Start));

        Assert.Equal(("a", BatchCloseReason.Memory, 2), (closed.Partition, closed.ClosedBy, closed.Messages.Count));
        Assert.Equal((600L, 2), (batches.HeldBytes, batches.Count));
    }

    [Fact]
    public void When_the_open_batches_hold_all_the_messages_that_may_wait_the_one_holding_the_most_is_closed_first()
    {
        var lake = Batched.Lake(("Batch:PartitionBy", "metadata.objectName"));
        var batches = Batched.Open(lake, maxMessages: 3);
        batches.Add(lake, Named(1, "a"), 0, Batched.Start);
        batches.Add(lake, Named(2, "b"), 0, Batched.Start);
        batches.Add(lake, Named(3, "b"), 0, Batched.Start);

        var closed = Assert.Single(batches.Add(lake, Named(4, "a"), 0, Batched.Start));

        Assert.Equal(("b", BatchCloseReason.Memory), (closed.Partition, closed.ClosedBy));
        Assert.Equal(2, batches.Messages);
    }

    [Fact]
    public void A_message_whose_partition_is_not_a_string_is_refused_alone_naming_Batch_PartitionBy()
    {
        var lake = Batched.Lake(("Batch:PartitionBy", "metadata.objectName"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);

        var error = Assert.Throws<UndeliverableMessageException>(() => batches.Add(lake, Named(2, null), 0, Batched.Start));

        Assert.Equal(UndeliverableReason.InvalidObjectKey, error.Reason);
        Assert.StartsWith("Object key: Destination 'lake': Batch:PartitionBy metadata.objectName produced null", error.Message, StringComparison.Ordinal);
        Assert.Contains("a partition must be a string of at most 1,024 UTF-8 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, batches.Messages);
    }

    [Fact]
    public void A_partition_too_long_for_the_default_key_is_refused_alone()
    {
        var lake = Batched.Lake(("Batch:PartitionBy", "metadata.objectName"));
        var batches = Batched.Open(lake);

        var error = Assert.Throws<UndeliverableMessageException>(() => batches.Add(lake, Named(1, new string('o', 1000)), 0, Batched.Start));

        Assert.Equal(UndeliverableReason.InvalidObjectKey, error.Reason);
        Assert.Contains("produced a partition of 1,000 UTF-8 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, batches.Count);
    }

    [Fact]
    public void The_batch_time_is_the_earliest_event_time_so_the_same_messages_give_the_same_key_in_any_order()
    {
        var lake = Batched.Lake();

        using var forward = Batched.Close(lake, Batched.Message(7), Batched.Message(3), Batched.Message(5)).Write();
        using var backward = Batched.Close(lake, Batched.Message(5), Batched.Message(3), Batched.Message(7)).Write();

        Assert.Equal(forward.Key, backward.Key);
        Assert.StartsWith("2025-10-14T02:58:03.323405308Z_", forward.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_that_could_be_first_but_would_make_the_open_batchs_key_fail_as_its_last_is_refused_alone()
    {
        // A batch of one is named by its id; a larger one by its last event-id twice: 2 x 500 bytes and the id pass 1,024.
        var lake = Batched.Lake(("ObjectKeyTemplate", Conditional), ("Batch:MaxMessages", "3"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);
        var late = Batched.Message(2, metadata: Batched.Metadata(2) with { EventId = new string('e', 500) });

        var error = Assert.Throws<UndeliverableMessageException>(() => batches.Add(lake, late, 0, Batched.Start));

        Assert.Equal(UndeliverableReason.InvalidObjectKey, error.Reason);
        Assert.Equal(1, batches.Messages);
        batches.Add(lake, Batched.Message(3), 0, Batched.Start);
        var batch = Assert.Single(batches.Stop(Batched.Start));
        using var written = batch.Write();
        Assert.Equal($"event-0003/event-0003/{batch.Id}", written.Key);
    }

    [Fact]
    public void A_message_that_closes_the_open_batch_is_tried_only_as_the_first_of_its_own()
    {
        var lake = Batched.Lake(("ObjectKeyTemplate", Conditional), ("Batch:MaxMessages", "3"), ("Batch:MaxBytes", "1024"));
        var batches = Batched.Open(lake);
        batches.Add(lake, Batched.Message(1), 0, Batched.Start);
        var overflowing = Batched.Message(2, data: $$"""{"pad":"{{new string('p', 1000)}}"}""", metadata: Batched.Metadata(2) with { EventId = new string('e', 500) });

        var closed = batches.Add(lake, overflowing, 0, Batched.Start); // past MaxBytes with the first: it starts a batch of its own

        Assert.Equal("event-0001", Assert.Single(Assert.Single(closed).Messages).EventId);
        Assert.Equal(1, batches.Messages);
    }

    [Fact]
    public void A_message_whose_event_id_could_not_fit_the_batch_metadata_is_refused_alone()
    {
        var lake = Batched.Lake();
        var batches = Batched.Open(lake);
        var message = Batched.Message(1, metadata: Batched.Metadata(1) with { EventId = new string('e', 1000) });

        var error = Assert.Throws<UndeliverableMessageException>(() => batches.Add(lake, message, 0, Batched.Start));

        Assert.Equal(UndeliverableReason.MetadataTooLarge, error.Reason);
        Assert.Equal(0, batches.Count);
    }

    [Fact]
    public void A_configuration_a_reload_replaced_drains_and_a_message_of_the_new_one_opens_a_batch_of_its_own()
    {
        var before = Batched.Lake(("Batch:MaxWait", "00:05:00"));
        var after = Batched.Lake(("Batch:MaxWait", "00:04:00"));
        var current = before;
        var batches = new OpenBatches(long.MaxValue, int.MaxValue, _ => current);
        batches.Add(before, Batched.Message(1), 0, Batched.Start);
        current = after;
        batches.Add(after, Batched.Message(2), 0, Batched.Start.AddSeconds(1));

        var drained = Assert.Single(batches.TakeDue(Batched.Start.AddSeconds(1) + OpenBatches.DrainDelay));

        Assert.Equal((before, BatchCloseReason.Drain, "event-0001"), (drained.Destination, drained.ClosedBy, drained.Messages[0].EventId));
        Assert.Equal(Batched.Start.AddSeconds(1) + TimeSpan.FromMinutes(4), batches.DueAt);
    }

    // A key that differs for a batch of one message and for a larger one.
    private const string Conditional = "batch.count == '1' && batch.id || join('/', [batch.last_event_id, batch.last_event_id, batch.id])";

    private static BatchMessage Named(int number, string? objectName) => Batched.Message(number, metadata: Batched.Metadata(number) with { ObjectName = objectName });
}
