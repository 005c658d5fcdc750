namespace S3Consumer.Benchmarks.Soak;

/// <summary>A fault of the schedule: when it is due on the run's time, what it is, and the worker or node it hits (0: none).</summary>
internal sealed record PlannedFault(TimeSpan At, FaultKind Kind, int Target)
{
    public string Describe() => Kind switch
    {
        FaultKind.KillWorker => $"kill worker {Target} (SIGKILL), start it again",
        FaultKind.StopWorker => $"stop worker {Target} (SIGTERM), start it again",
        FaultKind.RestartNode => $"restart RabbitMQ node {Target}",
        FaultKind.StopS3 => "stop s3rver for 30 s",
        FaultKind.Reload => "reload the configuration (a destination changed)",
        FaultKind.RefuseDestination => $"refuse destination {SoakDestinations.Refused} (403), fix it by a reload",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
