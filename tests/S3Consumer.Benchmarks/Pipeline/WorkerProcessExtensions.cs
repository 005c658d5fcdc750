using System.Globalization;
using System.Text.RegularExpressions;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>What the benchmark waits for from a worker process.</summary>
internal static class WorkerProcessExtensions
{
    /// <summary>
    /// Waits until the sink's objects hold <paramref name="messages"/> messages (one per object, or a batch's count),
    /// failing early if the worker dies.
    /// </summary>
    public static Task WaitForMessagesAsync(this WorkerProcess worker, IObjectSink sink, int messages, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(sink);
        return worker.WaitUntilAsync(() => Task.FromResult(sink.Written().Messages >= messages), timeout, $"{messages:N0} messages in objects in {sink.Bucket}",
            sink.CountInterval, () => Text.Invariant($"{sink.Written().Messages:N0} messages in {sink.Written().Objects:N0} objects"));
    }

    /// <summary>
    /// The limits the worker gave <paramref name="queue"/> when its batches raised them, from the line it logs then
    /// (<c>BatchRoom</c>); null when it logged none, as without batches.
    /// </summary>
    public static string? RaisedLimits(this WorkerProcess worker, string queue)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var pattern = new Regex($@"Queue {Regex.Escape(queue)} takes up to (\d+) messages at once \(prefetch (\d+)\)", RegexOptions.CultureInvariant);
        return worker.Output.Select(line => pattern.Match(line)).FirstOrDefault(match => match.Success) is { } raised
            ? Text.Invariant($"ConcurrentMessageLimit {Number(raised.Groups[1].Value):N0}, PrefetchCount {Number(raised.Groups[2].Value):N0}")
            : null;
    }

    /// <summary>The worker's peak resident set size so far.</summary>
    public static long PeakRssBytes(this WorkerProcess worker) => ProcFs.PeakRssBytes(worker?.Pid ?? throw new ArgumentNullException(nameof(worker)));

    private static int Number(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);
}
