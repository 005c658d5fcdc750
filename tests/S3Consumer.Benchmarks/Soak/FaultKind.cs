namespace S3Consumer.Benchmarks.Soak;

/// <summary>The faults a soak plays, one at a time, on a schedule drawn from its seed.</summary>
internal enum FaultKind
{
    /// <summary>A worker killed with SIGKILL (no shutdown, nothing acknowledged), and started again.</summary>
    KillWorker,

    /// <summary>A worker stopped with SIGTERM, as an orchestrator stops it, and started again.</summary>
    StopWorker,

    /// <summary>A node of the cluster stopped and started again.</summary>
    RestartNode,

    /// <summary>s3rver stopped for 30 s: every destination unavailable.</summary>
    StopS3,

    /// <summary>The configuration file changed (a destination's storage class): every worker reloads.</summary>
    Reload,

    /// <summary>The <c>refused</c> destination's key made wrong (403 InvalidAccessKeyId) for four hold delays, then fixed, both by a reload.</summary>
    RefuseDestination,
}
