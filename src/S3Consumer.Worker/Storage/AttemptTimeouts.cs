namespace S3Consumer.Worker.Storage;

/// <summary>
/// How long one PutObject attempt may take: <c>S3:AttemptTimeout</c> (or go unanswered before it is sent again:
/// <c>S3:HedgeDelay</c>), plus a second for each MiB of the object. A
/// timeout fit for a 1 KB message would abandon a large one (a batch up to <c>Batch:MaxBytes</c>, a 100 MB message) on
/// every attempt on an ordinary link, and take its destination for unavailable when it is only busy.
/// </summary>
internal static class AttemptTimeouts
{
    /// <summary>The slowest upload an attempt is given time for: 1 MiB a second, far below a link to S3 in the same region.</summary>
    public const long SlowestBytesPerSecond = 1024 * 1024;

    // Polly's bound for a timeout.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public static TimeSpan For(TimeSpan attemptTimeout, long bodyLength)
    {
        var transfer = TimeSpan.FromSeconds((double)Math.Max(bodyLength, 0) / SlowestBytesPerSecond);
        return transfer >= Longest - attemptTimeout ? Longest : attemptTimeout + transfer;
    }
}
