using System.Diagnostics;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace S3Consumer.Tool.Publish;

/// <summary>
/// What <c>publish</c> sends: the body, its headers, how many copies and how fast, and where: to a queue as a raw
/// publisher does (persistent, confirmed), or to an exchange as Ampersand's RabbitMQ destination does (transient, no
/// confirms, no message id, string headers with <c>event-id</c>, <c>topic</c> and <c>timestamp</c>).
/// </summary>
internal sealed class PublishPlan(PublishTarget target, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, int count, double? rate)
{
    private const string EventIdHeader = "event-id";
    private readonly long started = Stopwatch.GetTimestamp();

    public PublishTarget Target { get; } = target;

    public int Count { get; } = count;

    /// <summary>Sends copy <paramref name="copy"/> once its time under the rate has come; to a queue, waits for the broker's confirm.</summary>
    public async Task SendAsync(IChannel channel, int copy, CancellationToken cancellation)
    {
        if (rate is { } perSecond && TimeSpan.FromSeconds(copy / perSecond) - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, cancellation).ConfigureAwait(false);
        }

        var properties = new BasicProperties
        {
            ContentType = "application/json",
            Persistent = !Target.AsAmpersand,
            Headers = HeadersOf().ToDictionary(header => header.Key, header => (object?)Encoding.UTF8.GetBytes(header.Value)),
        };
        await channel.BasicPublishAsync(Target.Exchange, Target.RoutingKey, mandatory: !Target.AsAmpersand, properties, body, cancellation).ConfigureAwait(false);
    }

    // Copies of one body would share the event-id the worker derives from it, and so one key: each gets its own. Ampersand
    // gives every event its id, its topic (the routing key) and the time of the delivery attempt.
    private Dictionary<string, string> HeadersOf()
    {
        var sent = new Dictionary<string, string>(headers, StringComparer.Ordinal);
        if ((Count > 1 || Target.AsAmpersand) && !sent.ContainsKey(EventIdHeader))
        {
            sent[EventIdHeader] = Guid.CreateVersion7().ToString();
        }

        if (Target.AsAmpersand)
        {
            sent.TryAdd("topic", Target.RoutingKey);
            sent.TryAdd("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        return sent;
    }
}
