using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Batches;

/// <summary>One open batch: messages of one destination's configuration and one partition, in arrival order.</summary>
internal sealed class OpenBatch(DestinationBatches owner, string? partition, DateTimeOffset openedAt)
{
    private readonly List<BatchMessage> messages = [];

    public DestinationBatches Owner { get; } = owner;

    public string? Partition { get; } = partition;

    /// <summary>When its first message came: it is written <c>MaxWait</c> later at the latest.</summary>
    public DateTimeOffset OpenedAt { get; } = openedAt;

    public IReadOnlyList<BatchMessage> Messages => messages;

    /// <summary>Its uncompressed NDJSON.</summary>
    public long Bytes { get; private set; }

    /// <summary>What its messages keep in memory while they wait, as the caller weighed each.</summary>
    public long Held { get; private set; }

    /// <summary>The earliest event time of its messages: <c>batch.time</c>.</summary>
    public EventTime Earliest { get; private set; }

    /// <summary>Its place among its owner's open batches, oldest first.</summary>
    public LinkedListNode<OpenBatch>? Node { get; set; }

    public void Add(BatchMessage message, long held)
    {
        Earliest = messages.Count == 0 || message.Time.Instant < Earliest.Instant ? message.Time : Earliest;
        messages.Add(message);
        Bytes += message.LineLength;
        Held += held;
    }
}
