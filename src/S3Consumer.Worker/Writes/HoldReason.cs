namespace S3Consumer.Worker.Writes;

/// <summary>
/// Why a message is held rather than written, as its span's <c>error.type</c> and the reason of a hold that lasted too
/// long say it: the code its destination's write failed with (S3's error code, or the kind of network failure: see
/// <see cref="Storage.S3Failures"/>), or one of the worker's own below.
/// </summary>
public sealed class HoldReason
{
    private HoldReason(string code) => Code = code;

    /// <summary>The host of the message's result failed for now: the message waits, as a held one does, while its URL lives.</summary>
    public static HoldReason ResultUnavailable { get; } = new("ResultUnavailable");

    public string Code { get; }

    /// <summary>The destination did not take the write, for <paramref name="code"/>.</summary>
    public static HoldReason WriteFailed(string code) => new(code);

    /// <summary>Held without a call to S3, for the destination's outage (<c>Unavailable</c> when it ended as it was looked up).</summary>
    public static HoldReason Outage(DestinationOutage? outage) => new(outage?.Code ?? "Unavailable");

    public override string ToString() => Code;
}
