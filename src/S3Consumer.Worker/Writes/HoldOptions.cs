namespace S3Consumer.Worker.Writes;

/// <summary>
/// How the messages of an unavailable destination wait, bound from the <c>S3</c> section (the names
/// <c>S3:HoldDelay</c> and <c>S3:MaxUnavailable</c> are the documented ones) and checked at start by <see cref="HoldOptionsValidator"/>.
/// </summary>
public sealed class HoldOptions
{
    public const string SectionName = "S3";

    /// <summary>
    /// How long a message of an unavailable destination waits in its holding queue before it is tried again. A quarter of
    /// it after a failed write, one message is let through to find out whether the destination is back.
    /// </summary>
    public TimeSpan HoldDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a message is held for an unavailable destination before it goes to the error queue instead.</summary>
    public TimeSpan MaxUnavailable { get; set; } = TimeSpan.FromDays(7);
}
