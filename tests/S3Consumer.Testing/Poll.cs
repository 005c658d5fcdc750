using System.Diagnostics;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>Every wait of the benchmark is bounded: it gives up with a <see cref="TimeoutException"/> naming what it waited for.</summary>
internal static class Poll
{
    /// <summary>Time allowed for a step over <paramref name="messages"/> messages: a minute, plus 10 ms a message.</summary>
    public static TimeSpan For(int messages) => TimeSpan.FromSeconds(60 + (messages / 100.0));

    public static Task UntilAsync(Func<bool> done, TimeSpan timeout, TimeSpan interval, string what) =>
        UntilAsync(() => Task.FromResult(done()), timeout, interval, what);

    public static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, TimeSpan interval, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await done())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:N0} s waiting for {what}.");
            }

            await Task.Delay(interval);
        }
    }
}
