using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;

namespace S3Consumer.Tool.Publish;

/// <summary>What <c>publish</c> sends: the body, its headers, how many copies and how fast.</summary>
internal sealed class PublishPlan(string queue, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, int count, double? rate)
{
    private const string EventIdHeader = "event-id";
    private readonly long started = Stopwatch.GetTimestamp();

    public string Queue { get; } = queue;

    public int Count { get; } = count;

    /// <summary>Sends copy <paramref name="copy"/> once its time under the rate has come, and waits for the broker's confirm.</summary>
    public async Task SendAsync(IChannel channel, int copy, CancellationToken cancellation)
    {
        if (rate is { } perSecond && TimeSpan.FromSeconds(copy / perSecond) - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, cancellation).ConfigureAwait(false);
        }

        var properties = new BasicProperties
        {
            ContentType = "application/json",
            Persistent = true,
            Headers = HeadersOf().ToDictionary(header => header.Key, header => (object?)Encoding.UTF8.GetBytes(header.Value)),
        };
        await channel.BasicPublishAsync("", Queue, mandatory: true, properties, body, cancellation).ConfigureAwait(false);
    }

    // Copies of one body would share the event-id the worker derives from it, and so one key: each gets its own.
    private IEnumerable<KeyValuePair<string, string>> HeadersOf() =>
        Count > 1 && !headers.ContainsKey(EventIdHeader)
            ? headers.Append(new(EventIdHeader, Guid.CreateVersion7().ToString()))
            : headers;
}
