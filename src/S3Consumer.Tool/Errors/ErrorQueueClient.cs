using RabbitMQ.Client;

namespace S3Consumer.Tool.Errors;

/// <summary>
/// Reads and empties a worker's error queue. Messages are taken unacknowledged, so whatever is not moved returns
/// to the error queue in its order when the channel closes, and nothing is lost if the command stops half-way.
/// </summary>
public sealed class ErrorQueueClient(IConnection connection, string name)
{
    // Headers MassTransit adds when it faults a message; the publisher's own headers are kept.
    private static readonly string[] FaultHeaderPrefixes = ["MT-Fault-", "MT-Host-", "MT-Reason"];

    public string Name { get; } = name;

    /// <summary>The queue the messages came from: the error queue's name without <c>_error</c>.</summary>
    public string SourceQueue => Name.EndsWith("_error", StringComparison.Ordinal) ? Name[..^"_error".Length] : Name;

    public async Task<IReadOnlyList<FailedMessage>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var listed = new List<FailedMessage>();
        while (listed.Count < limit && await channel.BasicGetAsync(Name, autoAck: false, cancellationToken) is { } message)
        {
            listed.Add(FailedMessage.From(listed.Count + 1, message));
        }

        return listed;
    }

    /// <summary>Moves the messages (those whose reason contains <paramref name="reason"/>, or all) back to <paramref name="target"/>.</summary>
    public async Task<RedriveResult> RedriveAsync(string target, string? reason, IProgress<RedriveResult>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await channel.QueueDeclarePassiveAsync(target, cancellationToken); // a missing target would drop what is moved
        var result = new RedriveResult((int)await channel.MessageCountAsync(Name, cancellationToken), 0, 0);
        for (var taken = 0; taken < result.Total && await channel.BasicGetAsync(Name, autoAck: false, cancellationToken) is { } message; taken++)
        {
            if (FailedMessage.From(taken + 1, message).ReasonContains(reason))
            {
                await channel.BasicPublishAsync("", target, mandatory: true, WithoutFaultHeaders(message.BasicProperties), message.Body, cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                result = result with { Moved = result.Moved + 1 };
            }
            else
            {
                result = result with { Kept = result.Kept + 1 };
            }

            progress?.Report(result);
        }

        return result;
    }

    private static BasicProperties WithoutFaultHeaders(IReadOnlyBasicProperties properties) => new(properties)
    {
        Headers = properties.Headers?
            .Where(header => !FaultHeaderPrefixes.Any(prefix => header.Key.StartsWith(prefix, StringComparison.Ordinal)))
            .ToDictionary(),
    };
}
