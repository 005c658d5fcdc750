namespace S3Consumer.Worker.Writes;

/// <summary>
/// What came of an object's write: written, or not taken by its destination, whose messages are then held
/// (<see cref="HeldFor"/> says why); <see cref="MayHaveBeenWritten"/> when the write's end left unknown whether S3
/// stored the object (see <see cref="Storage.S3UnavailableException.MayHaveBeenWritten"/>).
/// </summary>
public sealed record WriteOutcome(HoldReason? HeldFor, bool MayHaveBeenWritten = false)
{
    public static WriteOutcome Written { get; } = new((HoldReason?)null);

    public bool IsWritten => HeldFor is null;
}
