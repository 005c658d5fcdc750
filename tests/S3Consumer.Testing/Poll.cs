using System.Diagnostics;

namespace S3Consumer.Testing;

/// <summary>Every wait of the tests and the benchmark is bounded: it gives up with a <see cref="TimeoutException"/> naming what it waited for.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Time allowed for a step over <paramref name="messages"/> messages: a minute, plus 10 ms a message.</summary>
    public static TimeSpan For(int messages) => TimeSpan.FromSeconds(60 + (messages / 100.0));

    public static Task UntilAsync(Func<bool> done, TimeSpan timeout, string what, TimeSpan? interval = null, Func<string>? seen = null) =>
        UntilAsync(() => Task.FromResult(done()), timeout, what, interval, seen);

    /// <summary>
    /// Asks <paramref name="done"/> every <paramref name="interval"/> (100 ms unless given) until it holds; after
    /// <paramref name="timeout"/>, throws saying <paramref name="what"/> it waited for and what it last <paramref name="seen"/>.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what, TimeSpan? interval = null, Func<string>? seen = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        var started = Stopwatch.GetTimestamp();
        while (!await done())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:N0} s waiting for {what}.{(seen is null ? "" : $" Last seen: {seen()}.")}");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Asks <paramref name="attempt"/> until it gives a value, and returns that value; bounded as <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, string, TimeSpan?, Func{string}?)"/>.</summary>
    public static async Task<T> ForValueAsync<T>(Func<Task<T?>> attempt, TimeSpan timeout, string what, TimeSpan? interval = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(attempt);
        T? value = null;
        await UntilAsync(async () => (value = await attempt()) is not null, timeout, what, interval);
        return value!;
    }

    /// <summary>Waits for <paramref name="task"/>; after <paramref name="timeout"/>, throws saying <paramref name="what"/> it waited for.</summary>
    public static async Task<T> ForAsync<T>(Task<T> task, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {timeout.TotalSeconds:N0} s waiting for {what}.");
        }
    }
}
