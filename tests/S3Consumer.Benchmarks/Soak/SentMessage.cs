namespace S3Consumer.Benchmarks.Soak;

/// <summary>What the harness keeps of a message it sent (not its body): what it was, where it went, what must become of it, and its publishes.</summary>
internal sealed class SentMessage(SoakMessage message)
{
    private int attempts;

    public long Number { get; } = message.Number;

    public string Id { get; } = message.Id;

    public Publisher Publisher { get; } = message.Publisher;

    public string Kind { get; } = message.Kind;

    public string Target { get; } = message.Target;

    public int Bytes { get; } = message.Body.Length;

    public Expectation Expected { get; } = message.Expected;

    /// <summary>The SHA-256 of what its object or batch line must hold; null where the harness cannot tell.</summary>
    public byte[]? Written { get; } = message.Written;

    /// <summary>The rows each of its copies must have (one per record); null for a destination that writes messages, not rows.</summary>
    public int? Rows { get; } = message.Rows;

    /// <summary>When the broker confirmed it (the last of its publishes).</summary>
    public DateTime ConfirmedAt { get; private set; }

    /// <summary>Publishes: more than one when a publish went unconfirmed (a node stopped under it) and was sent again.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public void Attempted() => Interlocked.Increment(ref attempts);

    public void Confirmed() => ConfirmedAt = DateTime.UtcNow;
}
