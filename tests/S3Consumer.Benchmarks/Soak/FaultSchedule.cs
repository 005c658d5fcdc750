namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// The faults of a run, drawn from its seed: each kind in proportion to the run's length (at least once), in a random
/// order, spread over the traffic with random gaps after a warm-up. Worker 1 is never killed or stopped, so that its
/// RSS, threads and handles cover the whole run; the others and every node are.
/// </summary>
internal static class FaultSchedule
{
    /// <summary>How often each kind comes (once per this many minutes) and how long it takes when played.</summary>
    private static readonly Dictionary<FaultKind, (double EveryMinutes, double Seconds)> Kinds = new()
    {
        [FaultKind.KillWorker] = (6, 15),
        [FaultKind.StopWorker] = (6, 25),
        [FaultKind.RestartNode] = (7, 50),
        [FaultKind.StopS3] = (8, 45),
        [FaultKind.Reload] = (6, 10),
        [FaultKind.RefuseDestination] = (5, 10), // plus its refusal and the calm after it (see Plan)
    };

    /// <summary>How long the <c>refused</c> destination refuses, in hold delays.</summary>
    public const int RefusalHoldDelays = 4;

    /// <summary>The hold delays after a recovery (s3rver back, the key fixed) before the next fault.</summary>
    public const int CalmHoldDelays = 3;

    public static IReadOnlyList<PlannedFault> Plan(int seed, TimeSpan duration, TimeSpan holdDelay)
    {
        double Seconds(FaultKind kind) => Kinds[kind].Seconds + (kind switch
        {
            FaultKind.RefuseDestination => (RefusalHoldDelays + CalmHoldDelays) * holdDelay.TotalSeconds,
            FaultKind.StopS3 => CalmHoldDelays * holdDelay.TotalSeconds,
            _ => 0,
        });

        var random = new Random(seed ^ 0x5eed);
        var minutes = duration.TotalMinutes;
        var bag = Kinds.SelectMany(kind => Enumerable.Repeat(kind.Key, Math.Max(1, (int)Math.Round(minutes / kind.Value.EveryMinutes)))).ToArray();
        random.Shuffle(bag);

        var (warmUp, calm) = (TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 6)), TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 10)));
        var slack = Math.Max(0, (duration - warmUp - calm).TotalSeconds - bag.Sum(Seconds));
        var weights = bag.Select(_ => 0.2 + random.NextDouble()).ToArray();
        var at = warmUp.TotalSeconds;
        var plan = new List<PlannedFault>();
        for (var i = 0; i < bag.Length; i++)
        {
            at += slack * weights[i] / weights.Sum();
            var target = bag[i] switch
            {
                FaultKind.KillWorker or FaultKind.StopWorker => random.Next(2, SoakWorkers.Count + 1),
                FaultKind.RestartNode => random.Next(1, SoakCluster.Nodes.Count + 1),
                _ => 0,
            };
            plan.Add(new PlannedFault(TimeSpan.FromSeconds(at), bag[i], target));
            at += Seconds(bag[i]);
        }

        return plan;
    }
}
