using S3Consumer.Core;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// What must become of a message: written by <see cref="Destination"/> under its prefix for <see cref="ObjectName"/>;
/// for a message without records to a destination of rows, acknowledged there with no row written
/// (<see cref="WritesNothing"/>); or, for poison, parked in <see cref="ErrorQueue"/> with a reason of category <see cref="Reason"/>.
/// </summary>
internal sealed record Expectation(string? Destination, string? ObjectName, UndeliverableReason? Reason, string? ErrorQueue, bool WritesNothing = false)
{
    public bool IsPoison => Reason is not null;

    public static Expectation Write(string destination, string objectName) => new(destination, objectName, null, null);

    public static Expectation Skip(string destination, string objectName) => new(destination, objectName, null, null, WritesNothing: true);

    public static Expectation Park(string errorQueue, UndeliverableReason reason) => new(null, null, reason, errorQueue);

    public string Describe() => Reason is { } reason
        ? $"parked in {ErrorQueue} ({UndeliverableReasons.Prefix(reason)})"
        : WritesNothing ? $"acknowledged by {Destination} without a row ({ObjectName}, no records)" : $"written by {Destination} ({ObjectName})";
}
