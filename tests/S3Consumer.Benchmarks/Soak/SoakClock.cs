using System.Diagnostics;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>The run's time: how long since it started, which is how the report places every event (<c>+mm:ss</c>).</summary>
internal sealed class SoakClock
{
    private readonly long started = Stopwatch.GetTimestamp();

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    public TimeSpan Now => Stopwatch.GetElapsedTime(started);

    /// <summary>A wall-clock time (a span's, a file's) on the run's time.</summary>
    public TimeSpan Of(DateTime utc) => utc.ToUniversalTime() - StartedAt;

    public static string Format(TimeSpan at) => Pipeline.Text.Invariant($"+{(int)at.TotalMinutes:D2}:{Math.Abs(at.Seconds):D2}");
}
