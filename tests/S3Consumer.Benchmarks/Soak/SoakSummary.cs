using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// The end of a run's output: the table of figures with the goal beside each, what each fault did, the messages
/// written twice by mechanism, every message that went wrong with what is known of it, and each worker's RSS, threads
/// and handles over the run.
/// </summary>
internal sealed class SoakSummary(
    SoakOptions options, SoakTally tally, DeliveryLog deliveries, IReadOnlyList<PlayedFault> faults, SoakWorkers workers, SoakClock clock,
    TimeSpan trafficEnd, IReadOnlyDictionary<string, long> left, IReadOnlyList<string> crashed, int unnamed, TextWriter output)
{
    private const int Shown = 20;

    /// <summary>Writes it all; true when every goal is met.</summary>
    public bool Write()
    {
        var report = new SoakReport();
        var sent = tally.Sent;
        var poison = sent.Count(message => message.Expected.IsPoison);
        var noRecords = sent.Count(message => message.Expected.WritesNothing);
        report.Add("messages sent (each confirmed by RabbitMQ)", Text.Invariant($"{sent.Count:N0}"));
        foreach (var publisher in Enum.GetValues<Publisher>())
        {
            report.Add($"  {publisher.ToString().ToLowerInvariant()} publisher", Text.Invariant($"{sent.Count(message => message.Publisher == publisher && !message.Expected.IsPoison):N0}"));
        }

        report.Add("  poison, every kind of reason", Text.Invariant($"{poison:N0}"));
        report.Add("  of the good ones, results sent by URL", Text.Invariant($"{sent.Count(message => message.Kind.EndsWith(SoakTraffic.ByUrl, StringComparison.Ordinal)):N0}"));
        report.Add("  of the good ones, without records to a destination of rows", Text.Invariant($"{noRecords:N0}"));
        report.Add("written: found in S3 by soak id (rows: one per record)", Text.Invariant($"{tally.Written:N0}"), Text.Invariant($"= {sent.Count - poison - noRecords:N0}"), tally.Written == sent.Count - poison - noRecords);
        report.Add(
            "without records: no row, not parked, skipped as a trace shows (+ span lost to a SIGKILL)",
            Text.Invariant($"{tally.Skipped:N0}{(tally.SkippedUnseen.Count > 0 ? $" + {tally.SkippedUnseen.Count:N0}" : "")}"),
            Text.Invariant($"= {noRecords:N0}"), tally.Skipped + tally.SkippedUnseen.Count == noRecords);
        report.Add("poison parked with its reason's category", Text.Invariant($"{tally.ParkedAsExpected:N0}"), Text.Invariant($"= {poison:N0}"), tally.ParkedAsExpected == poison);
        report.AddNone("lost: neither in S3 nor in an error queue", tally.Lost.Count);
        report.AddNone("misfiled: another destination's bucket, another prefix", tally.Misfiled.Count);
        report.AddNone("parked that should not be", tally.WronglyParked.Count);
        report.AddNone("poison written, or parked elsewhere or for another reason", tally.PoisonAstray.Count);
        report.AddNone("written with other bytes or rows than sent", tally.Corrupt.Count);
        report.AddNone("found in S3 or an error queue but never sent", tally.Unexpected.Count + unnamed);
        report.AddNone("left in a work or holding queue after the drain", (int)left.Values.Sum());
        report.AddNone("worker processes that exited unasked", crashed.Count);
        report.Add("written twice", Text.Invariant($"{tally.WrittenTwice.Count:N0}"), "printed, each explained below");
        var goal = 2 * options.HoldDelay;
        foreach (var fault in faults.Where(fault => fault.RecoveredAt is not null))
        {
            var (waiting, recovery, _) = tally.RecoveryAfter(fault);
            report.Add(
                Text.Invariant($"recovery at {SoakClock.Format(fault.RecoveredAt!.Value)} ({(fault.Destination ?? "every destination")}): last of {waiting:N0} waiting written after"),
                recovery is { } time ? Text.Invariant($"{time.TotalSeconds:N1} s") : "none waited",
                Text.Invariant($"<= {goal.TotalSeconds:N0} s (2 x S3:HoldDelay)"), recovery is null || recovery <= goal);
        }

        var trends = workers.Runs.Select(run => ResourceTrend.Of(run, workers.Samples, WarmUp, trafficEnd)).OfType<ResourceTrend>().ToList();
        foreach (var trend in trends.Where(trend => trend.Run.Worker == 1))
        {
            AddGrowth(report, trend, "RSS", trend.Early.Rss, trend.Late.Rss);
            AddGrowth(report, trend, "threads", trend.Early.Threads, trend.Late.Threads);
            AddGrowth(report, trend, "handles", trend.Early.Handles, trend.Late.Handles);
        }

        output.WriteLine();
        output.WriteLine(Text.Invariant($"Figures (seed {options.Seed}, {options.Duration.TotalMinutes:N0} min, {options.Rate} messages/s):"));
        report.Write(output);
        WriteFaults();
        WriteWrittenTwice();
        WriteProblems();
        WriteResources(trends);
        output.WriteLine();
        output.WriteLine(report.AllMet
            ? $"Every goal met (seed {options.Seed})."
            : $"NOT met (seed {options.Seed}, to repeat the run): {string.Join("; ", report.NotMet)}.");
        return report.AllMet;
    }

    /// <summary>The minutes after a worker's start that its resources are not judged by: its code compiled, its pools filled.</summary>
    private TimeSpan WarmUp => TimeSpan.FromMinutes(Math.Clamp(options.Duration.TotalMinutes / 5, 1, 3));

    private static void AddGrowth(SoakReport report, ResourceTrend trend, string what, double early, double late)
    {
        var growth = early == 0 ? 0 : (late - early) / early;
        report.Add(
            Text.Invariant($"{trend.Run.Name} {what}: mean of its last minute of traffic against its first after warm-up"),
            Text.Invariant($"{growth:+0.0%;-0.0%;0.0%}"), "<= +20%", growth <= 0.2);
    }

    private void WriteFaults()
    {
        output.WriteLine();
        output.WriteLine("What each fault did (held: deliveries set aside in a holding queue from its start to two hold delays after its end):");
        foreach (var fault in faults)
        {
            var until = fault.Ended + (2 * options.HoldDelay);
            var held = tally.Sent.Sum(message => deliveries.Of(message.Number).Count(delivery => delivery.Result == DeliveryResult.Held && delivery.Start >= fault.Started && delivery.Start <= until));
            var twice = tally.WrittenTwice.Count(twice => twice.Fault == fault);
            output.WriteLine(Text.Invariant($"  {SoakClock.Format(fault.Started)}-{SoakClock.Format(fault.Ended)}  {fault.Plan.Describe()}: {fault.What}; {held:N0} held, {twice:N0} written twice"));
            if (fault.RecoveredAt is not null && tally.RecoveryAfter(fault).Last is { } last)
            {
                output.WriteLine($"      the last written after its recovery: {Describe(last)}");
            }
        }
    }

    private void WriteWrittenTwice()
    {
        if (tally.WrittenTwice.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Written twice, by mechanism:");
        foreach (var mechanism in tally.WrittenTwice.GroupBy(twice => twice.Mechanism).OrderByDescending(group => group.Count()))
        {
            output.WriteLine(Text.Invariant($"  {mechanism.Count(),6:N0}  {mechanism.Key}"));
            foreach (var (message, copies, _, _) in mechanism.Take(3))
            {
                output.WriteLine($"            e.g. {message.Id} ({message.Kind}): {copies}");
            }
        }
    }

    private void WriteProblems()
    {
        WriteList("Lost", tally.Lost.Select(Describe));
        WriteList("Misfiled", tally.Misfiled.Select(found => $"{Describe(found.Message)}; found in {found.Copy.Destination} as {found.Copy.Key}"));
        WriteList("Parked that should not be", tally.WronglyParked.Select(found => $"{Describe(found.Message)}; in {found.Copy.Queue}: {found.Copy.Reason}"));
        WriteList("Poison astray", tally.PoisonAstray.Select(found => $"{Describe(found.Message)}; {found.Found}"));
        WriteList("Written with other bytes or rows", tally.Corrupt.Select(found =>
            $"{Describe(found.Message)}; {found.Copy.Destination} {found.Copy.Where}{(found.Message.Rows is { } rows ? $", {rows} rows expected" : "")}"));
        WriteList("Without records, no row, not parked, its skip in no trace (a worker killed with SIGKILL takes its last second of spans)", tally.SkippedUnseen.Select(found =>
            $"{Describe(found.Message)}; {found.Kill.Plan.Describe()} at {SoakClock.Format(found.Kill.Started)}"));
        WriteList("Found but never sent", tally.Unexpected.Select(number => $"soak number {number}"));
        WriteList("Workers that exited unasked", crashed);
    }

    private void WriteList(string title, IEnumerable<string> lines)
    {
        var all = lines.ToList();
        if (all.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(Text.Invariant($"{title} ({all.Count:N0}{(all.Count > Shown ? $", the first {Shown}" : "")}):"));
        foreach (var line in all.Take(Shown))
        {
            output.WriteLine($"  {line}");
        }
    }

    /// <summary>All that is known of a message: what it was, where it was sent, its publishes, every delivery the workers' traces show.</summary>
    private string Describe(SentMessage message)
    {
        var seen = deliveries.Of(message.Number);
        var held = seen.Count(delivery => delivery.Result == DeliveryResult.Held);
        var trace = seen.Count == 0
            ? "no worker's trace shows it (a worker killed with SIGKILL takes its last second of spans with it)"
            : string.Join(", ", seen.Select(delivery => $"{delivery.Worker} {SoakClock.Format(delivery.Start)} {delivery.Result.ToString().ToLowerInvariant()}{(delivery.Detail is { } detail ? $" ({detail})" : "")}"));
        var confirmed = SoakClock.Format(clock.Of(message.ConfirmedAt));
        return Text.Invariant($"{message.Id}: {message.Kind}, {message.Bytes:N0} bytes, to {message.Target}, to be {message.Expected.Describe()}; confirmed {confirmed} after {message.Attempts} publish(es); {seen.Count} deliveries ({held} held, {Math.Max(0, seen.Count - held - 1)} more): {trace}");
    }

    private void WriteResources(List<ResourceTrend> trends)
    {
        output.WriteLine();
        output.WriteLine(Text.Invariant($"Worker processes (RSS MB, threads, handles: mean of the first minute after {WarmUp.TotalMinutes:N0} min of warm-up -> mean of the last minute of traffic; peak RSS):"));
        foreach (var run in workers.Runs)
        {
            var life = $"{SoakClock.Format(run.Started)}-{(run.Ended is { } ended ? SoakClock.Format(ended) : "end")}{(run.EndedBy is { } how ? $" ({how})" : "")}";
            var trend = trends.FirstOrDefault(trend => trend.Run == run);
            output.WriteLine(trend is null
                ? $"  {run.Name,-5} pid {run.Pid,-7} {life}: too short to judge"
                : Text.Invariant($"  {run.Name,-5} pid {run.Pid,-7} {life}: RSS {Text.Megabytes((long)trend.Early.Rss):N0} -> {Text.Megabytes((long)trend.Late.Rss):N0} (peak {Text.Megabytes((long)trend.PeakRss):N0}), threads {trend.Early.Threads:N0} -> {trend.Late.Threads:N0}, handles {trend.Early.Handles:N0} -> {trend.Late.Handles:N0}"));
        }
    }
}
