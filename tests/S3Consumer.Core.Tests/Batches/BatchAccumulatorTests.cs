using S3Consumer.Core.Batches;

namespace S3Consumer.Core.Tests.Batches;

public sealed class BatchAccumulatorTests
{
    [Fact]
    public void Closes_the_batch_at_max_messages()
    {
        var accumulator = Batched.Accumulator(("Batch:MaxMessages", "3"));

        Assert.Empty(accumulator.Add(Batched.Message(1), Batched.Start));
        Assert.Empty(accumulator.Add(Batched.Message(2), Batched.Start));
        var closed = Assert.Single(accumulator.Add(Batched.Message(3), Batched.Start));

        Assert.Equal(["event-0001", "event-0002", "event-0003"], closed.Messages.Select(message => message.EventId));
        Assert.Equal((0, 0L, null), (accumulator.Count, accumulator.Bytes, accumulator.DueAt));
        Assert.Equal(BatchCloseReason.MaxMessages, closed.ClosedBy);
    }

    [Fact]
    public void Closes_the_open_batch_before_a_message_that_would_take_it_over_max_bytes()
    {
        // Each line is {"data":{"action":"read","n":N}} and a newline, the same length for every one-digit N.
        var accumulator = Batched.Accumulator(("Batch:MaxBytes", "1024"));
        var lineLength = Batched.Message(1).LineLength;
        var fitting = (int)(1024 / lineLength);
        for (var number = 1; number <= fitting; number++)
        {
            Assert.Empty(accumulator.Add(Batched.Message(number % 10), Batched.Start));
        }

        var closed = Assert.Single(accumulator.Add(Batched.Message(0), Batched.Start));

        Assert.Equal((fitting, fitting * lineLength), (closed.Messages.Count, closed.UncompressedBytes));
        Assert.True(closed.UncompressedBytes <= 1024);
        Assert.Equal(BatchCloseReason.MaxBytes, closed.ClosedBy);
        Assert.Equal((1, lineLength), (accumulator.Count, accumulator.Bytes));
    }

    [Fact]
    public void Closes_the_batch_that_reaches_max_bytes_exactly()
    {
        // {"data": + {"t":"x...x"} + } + newline: 512 bytes each, two to a 1 KiB batch.
        var data = $"{{\"t\":\"{new string('x', 494)}\"}}";
        var accumulator = Batched.Accumulator(("Batch:MaxBytes", "1024"));
        accumulator.Add(Batched.Message(1, data), Batched.Start);

        var closed = Assert.Single(accumulator.Add(Batched.Message(2, data), Batched.Start));

        Assert.Equal((512L, 1024L), (closed.Messages[0].LineLength, closed.UncompressedBytes));
        Assert.Equal(BatchCloseReason.MaxBytes, closed.ClosedBy);
    }

    [Fact]
    public void A_message_larger_than_max_bytes_goes_alone_and_closes_the_batch_before_it()
    {
        var accumulator = Batched.Accumulator(("Batch:MaxBytes", "1024"));
        accumulator.Add(Batched.Message(1), Batched.Start);
        var large = Batched.Message(2, $"{{\"text\":\"{new string('x', 2000)}\"}}");

        var closed = accumulator.Add(large, Batched.Start);

        Assert.Equal([["event-0001"], ["event-0002"]], closed.Select(batch => batch.Messages.Select(message => message.EventId)));
        Assert.Equal(large.LineLength, closed[1].UncompressedBytes);
        Assert.Equal([BatchCloseReason.MaxBytes, BatchCloseReason.MaxBytes], closed.Select(batch => batch.ClosedBy));
        Assert.Equal(0, accumulator.Count);
    }

    [Fact]
    public void A_batch_is_due_max_wait_after_its_first_message()
    {
        var accumulator = Batched.Accumulator(("Batch:MaxWait", "00:00:30"));
        accumulator.Add(Batched.Message(1), Batched.Start);
        accumulator.Add(Batched.Message(2), Batched.Start.AddSeconds(20));

        Assert.Equal(Batched.Start.AddSeconds(30), accumulator.DueAt);
        Assert.Null(accumulator.TakeDue(Batched.Start.AddSeconds(29.999)));
        var due = accumulator.TakeDue(Batched.Start.AddSeconds(30));

        Assert.Equal((2, BatchCloseReason.MaxWait), (due?.Messages.Count, due?.ClosedBy));
        Assert.Null(accumulator.DueAt);
        Assert.Null(accumulator.TakeDue(Batched.Start.AddHours(1)));
    }

    [Fact]
    public void A_message_arriving_after_the_batch_was_due_starts_the_next_one()
    {
        var accumulator = Batched.Accumulator(("Batch:MaxWait", "00:00:30"));
        accumulator.Add(Batched.Message(1), Batched.Start);

        var closed = Assert.Single(accumulator.Add(Batched.Message(2), Batched.Start.AddMinutes(1)));

        Assert.Equal(["event-0001"], closed.Messages.Select(message => message.EventId));
        Assert.Equal(BatchCloseReason.MaxWait, closed.ClosedBy);
        Assert.Equal(Batched.Start.AddMinutes(1.5), accumulator.DueAt);
    }

    [Fact]
    public void Take_all_closes_whatever_is_open_for_the_reason_given()
    {
        var accumulator = Batched.Accumulator();
        Assert.Null(accumulator.TakeAll(BatchCloseReason.Drain));
        accumulator.Add(Batched.Message(1), Batched.Start);

        var closed = accumulator.TakeAll(BatchCloseReason.Probe);

        Assert.Equal((1, BatchCloseReason.Probe), (closed?.Messages.Count, closed?.ClosedBy));
        Assert.Equal(0, accumulator.Count);
    }

    [Fact]
    public void A_message_the_key_template_cannot_name_is_refused_alone_and_the_batch_goes_on()
    {
        var accumulator = Batched.Accumulator(("ObjectKeyTemplate", "join('/', [metadata.objectName, batch.id])"), ("Batch:MaxMessages", "2"));
        accumulator.Add(Batched.Message(1), Batched.Start);
        var nameless = Batched.Message(2, metadata: Batched.Metadata(2) with { ObjectName = null });

        var error = Assert.Throws<UndeliverableMessageException>(() => accumulator.Add(nameless, Batched.Start));

        Assert.Equal(UndeliverableReason.InvalidObjectKey, error.Reason);
        Assert.StartsWith("Object key: Destination 'lake': object key template join('/', [metadata.objectName, batch.id])", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, accumulator.Count);
        Assert.Equal(2, Assert.Single(accumulator.Add(Batched.Message(3), Batched.Start)).Messages.Count);
    }

    [Fact]
    public void A_message_that_could_be_first_but_would_make_the_open_batchs_key_too_long_is_refused_alone()
    {
        // The key joins the first message's object name and the last one's event-id: each message alone fits in
        // S3's 1,024 bytes, the second one after the first would not.
        var accumulator = Batched.Accumulator(("ObjectKeyTemplate", "join('/', [metadata.objectName, batch.last_event_id, batch.id])"), ("Batch:MaxMessages", "3"));
        accumulator.Add(Batched.Message(1, metadata: Batched.Metadata(1) with { ObjectName = new string('o', 700) }), Batched.Start);
        var late = Batched.Message(2, metadata: Batched.Metadata(2) with { EventId = new string('e', 400) });

        var error = Assert.Throws<UndeliverableMessageException>(() => accumulator.Add(late, Batched.Start));

        Assert.Equal(UndeliverableReason.InvalidObjectKey, error.Reason);
        Assert.Equal(1, accumulator.Count);
        accumulator.Add(Batched.Message(3), Batched.Start);
        var batch = accumulator.TakeAll(BatchCloseReason.Drain)!;
        using var written = batch.Write();
        Assert.Equal(2, batch.Messages.Count);
        Assert.Equal($"{new string('o', 700)}/{batch.Messages[^1].EventId}/{batch.Id}", written.Key);
    }

    [Fact]
    public void A_message_that_closes_the_open_batch_is_tried_only_as_the_first_of_its_own()
    {
        var accumulator = Batched.Accumulator(
            ("ObjectKeyTemplate", "join('/', [metadata.objectName, batch.last_event_id, batch.id])"), ("Batch:MaxMessages", "3"), ("Batch:MaxBytes", "1024"));
        accumulator.Add(Batched.Message(1, metadata: Batched.Metadata(1) with { ObjectName = new string('o', 700) }), Batched.Start);
        var overflowing = Batched.Message(2, data: $$"""{"pad":"{{new string('p', 1000)}}"}""", metadata: Batched.Metadata(2) with { EventId = new string('e', 400) });

        var closed = accumulator.Add(overflowing, Batched.Start); // past MaxBytes with the first: it starts a batch of its own

        Assert.Equal(new string('o', 700), Assert.Single(Assert.Single(closed).Messages).Metadata.ObjectName);
        Assert.Equal(1, accumulator.Count);
    }

    [Fact]
    public void A_message_whose_event_id_could_not_fit_the_batch_metadata_is_refused_alone()
    {
        var accumulator = Batched.Accumulator();
        var message = Batched.Message(1, metadata: Batched.Metadata(1) with { EventId = new string('e', 1000) });

        var error = Assert.Throws<UndeliverableMessageException>(() => accumulator.Add(message, Batched.Start));

        Assert.Equal(UndeliverableReason.MetadataTooLarge, error.Reason);
        Assert.Equal(0, accumulator.Count);
    }

    [Fact]
    public void A_destination_without_batches_has_no_accumulator() =>
        Assert.Throws<ArgumentException>(() => Batched.Accumulator(("Batch:MaxMessages", "0")));
}
