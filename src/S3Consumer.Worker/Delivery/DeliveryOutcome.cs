namespace S3Consumer.Worker.Delivery;

/// <summary>What became of a message: written, or to be held for its unavailable destination (first held at <see cref="HeldSince"/>).</summary>
public sealed record DeliveryOutcome(string? HeldFor, DateTimeOffset HeldSince)
{
    public static DeliveryOutcome Written { get; } = new(null, default);

    public static DeliveryOutcome Held(string destination, DateTimeOffset since) => new(destination, since);
}
