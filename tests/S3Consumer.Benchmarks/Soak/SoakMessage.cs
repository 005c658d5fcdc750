namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// One message of the soak as its publisher sends it, and what must become of it. <see cref="Written"/> is the SHA-256
/// of the bytes its object (or batch line) must hold, where the harness can tell them (not for a typed message, which
/// MassTransit serializes); <see cref="Contract"/> is what a typed publisher publishes, made from <see cref="Body"/>.
/// </summary>
internal sealed record SoakMessage(
    long Number, string Id, Publisher Publisher, string Kind, string Exchange, string RoutingKey, byte[] Body,
    IReadOnlyDictionary<string, object?> Headers, Expectation Expected)
{
    public byte[]? Written { get; init; }

    /// <summary>The rows its destination must write of it, one per record it carries; null for a destination that writes messages, not rows.</summary>
    public int? Rows { get; init; }

    public object? Contract { get; init; }

    /// <summary>Ampersand publishes transient messages; the other publishers persistent ones.</summary>
    public bool Persistent => Publisher != Publisher.Ampersand;

    /// <summary>Where it is sent, for a report: the queue, or the exchange and routing key.</summary>
    public string Target => Exchange.Length == 0 ? RoutingKey : $"{Exchange} ({RoutingKey})";
}
