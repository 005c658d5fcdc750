namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// A fault as it was played: when it started and ended on the run's time and what happened. For a fault that makes
/// destinations unavailable, when they took writes again (<see cref="RecoveredAt"/>: s3rver answering, the right key
/// written) and which (<see cref="Destination"/>; null: every one).
/// </summary>
internal sealed record PlayedFault(PlannedFault Plan, TimeSpan Started, TimeSpan Ended, string What)
{
    public TimeSpan? RecoveredAt { get; init; }

    public string? Destination { get; init; }

    public bool Affects(string destination) => RecoveredAt is not null && (Destination is null || Destination == destination);
}
