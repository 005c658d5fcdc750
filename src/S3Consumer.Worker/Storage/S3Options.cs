namespace S3Consumer.Worker.Storage;

/// <summary>How S3 writes are sent and retried, bound from <c>S3</c> and checked at start by <see cref="S3OptionsValidator"/>; how an unavailable destination's messages wait is <see cref="Writes.HoldOptions"/>, bound from the same section.</summary>
public sealed class S3Options
{
    public const string SectionName = "S3";

    /// <summary>
    /// How long one PutObject attempt may take before it is abandoned and retried, plus a second for each MiB of the
    /// object (see <see cref="AttemptTimeouts"/>).
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a PutObject attempt may go unanswered, plus a second for each MiB of the object, before the same PUT is
    /// sent again on another connection and the first answer is taken: Amazon S3's advice for requests slower than their
    /// peers ("retry a GET or PUT operation after 2 seconds"). At most a tenth of <see cref="MaxConnections"/> such PUTs
    /// of a destination are under way at once, so that an S3 slow for every request gets few more of them. Zero sends
    /// none, nor does a delay at or above <see cref="AttemptTimeout"/>, which abandons the PUT first.
    /// </summary>
    public TimeSpan HedgeDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long opening a connection to S3 may take: a connection never made sent nothing, so the attempt is retried at
    /// once (and no object counts as maybe written) instead of waiting out <see cref="AttemptTimeout"/>.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quick retries of a transient failure before the destination counts as unavailable.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// HTTP connections per S3 host (each bucket's own on AWS; one for the path-style destinations of a service URL): at
    /// least the writes in flight (both queues' ConcurrentMessageLimit).
    /// </summary>
    public int MaxConnections { get; set; } = 128;
}
