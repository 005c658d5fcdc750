namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// Plays the schedule's faults one after another, each when it is due (at once when the one before ran late), printing
/// each as it happens. After a fault that made destinations unavailable, the next waits three hold delays from their
/// recovery, so that the recovery measured is that fault's alone.
/// </summary>
internal sealed class FaultPlayer(SoakClock clock, SoakCluster cluster, string servicesScript, SoakWorkers workers, SoakConfiguration configuration, TimeSpan holdDelay, TextWriter output)
{
    private readonly List<PlayedFault> played = [];

    public IReadOnlyList<PlayedFault> Played => played;

    /// <summary>When the last fault played ended.</summary>
    public TimeSpan LastEnded => played.Count == 0 ? TimeSpan.Zero : played[^1].Ended;

    /// <summary>Plays each fault at <paramref name="origin"/> plus its time, or at once if the one before ran late.</summary>
    public async Task PlayAsync(IReadOnlyList<PlannedFault> plan, TimeSpan origin)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var fault in plan)
        {
            var due = played.LastOrDefault()?.RecoveredAt is { } recovered ? Max(origin + fault.At, recovered + (FaultSchedule.CalmHoldDelays * holdDelay)) : origin + fault.At;
            if (due > clock.Now)
            {
                await Task.Delay(due - clock.Now);
            }

            var started = clock.Now;
            await output.WriteLineAsync($"{SoakClock.Format(started)}  fault: {fault.Describe()}");
            var result = await PlayAsync(fault, started);
            played.Add(result);
            await output.WriteLineAsync($"{SoakClock.Format(result.Ended)}         {result.What}");
        }
    }

    private async Task<PlayedFault> PlayAsync(PlannedFault fault, TimeSpan started)
    {
        switch (fault.Kind)
        {
            case FaultKind.KillWorker:
                var killed = await workers.KillAsync(fault.Target);
                return new PlayedFault(fault, started, clock.Now, killed);
            case FaultKind.StopWorker:
                var terminated = await workers.TerminateAsync(fault.Target);
                return new PlayedFault(fault, started, clock.Now, terminated);
            case FaultKind.RestartNode:
                await cluster.StopNodeAsync(fault.Target);
                var stopped = clock.Now;
                await Task.Delay(TimeSpan.FromSeconds(5));
                await cluster.StartNodeAsync(fault.Target);
                return new PlayedFault(fault, started, clock.Now,
                    $"node {fault.Target} stopped in {Seconds(stopped - started)}, down 5 s, started again in {Seconds(clock.Now - stopped - TimeSpan.FromSeconds(5))}");
            case FaultKind.StopS3:
                await Command.RunCheckedAsync(TimeSpan.FromMinutes(2), "bash", servicesScript, "stop-s3");
                await Task.Delay(TimeSpan.FromSeconds(30));
                var starting = clock.Now;
                await Command.RunCheckedAsync(TimeSpan.FromMinutes(2), "bash", servicesScript, "start-s3");
                return new PlayedFault(fault, started, clock.Now, $"s3rver down for {Seconds(clock.Now - started)}, answering again {Seconds(clock.Now - starting)} after its start")
                {
                    RecoveredAt = clock.Now,
                };
            case FaultKind.Reload:
                await configuration.ChangeStorageClassAsync();
                await Task.Delay(TimeSpan.FromSeconds(5)); // the workers poll the file every 4 s
                return new PlayedFault(fault, started, clock.Now, $"destination objects now writes {configuration.StorageClass}");
            case FaultKind.RefuseDestination:
                await configuration.RefuseAsync(true);
                await Task.Delay(FaultSchedule.RefusalHoldDelays * holdDelay);
                await configuration.RefuseAsync(false);
                return new PlayedFault(fault, started, clock.Now, $"{SoakDestinations.Refused}'s key wrong for {Seconds(clock.Now - started)}, then right again")
                {
                    RecoveredAt = clock.Now,
                    Destination = SoakDestinations.Refused,
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, null);
        }
    }

    private static TimeSpan Max(TimeSpan one, TimeSpan other) => one > other ? one : other;

    private static string Seconds(TimeSpan span) => Pipeline.Text.Invariant($"{span.TotalSeconds:N1} s");
}
