using System.Text.Json;
using S3Consumer.Contracts;
using S3Consumer.Core;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Tool.Messages;

/// <summary>
/// A message file and headers as the worker would receive them on its queue: what <c>render</c> hands to the core.
/// The queue is the one the message's action goes to, so that <c>metadata.topic</c> defaults as it would.
/// </summary>
internal static class DeliveredMessage
{
    public static InboundMessage From(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, QueueOptions queues)
    {
        var action = MessageFile.Action(body);
        var (destination, data) = Read(body, action);
        return new InboundMessage
        {
            QueueAction = action == "subscribe" ? "subscribe" : "read",
            QueueName = action == "subscribe" ? queues.Subscribe : queues.Read,
            Data = data,
            Destination = string.IsNullOrWhiteSpace(destination) ? headers.GetValueOrDefault("destination") : destination,
            Body = body,
            EventIdHeader = headers.GetValueOrDefault("event-id"),
            ConnectionId = headers.GetValueOrDefault("connection-id"),
            Topic = headers.GetValueOrDefault("topic"),
            TimestampHeader = headers.GetValueOrDefault("timestamp"),
        };
    }

    private static (string? Destination, ActionData? Data) Read(ReadOnlyMemory<byte> body, string? action)
    {
        try
        {
            return action switch
            {
                "read" => JsonSerializer.Deserialize<ReadActionMessage>(body.Span) is { } read ? (read.Destination, read.Data) : default,
                "subscribe" => JsonSerializer.Deserialize<SubscribeActionMessage>(body.Span) is { } subscribe ? (subscribe.Destination, subscribe.Data) : default,
                _ => default,
            };
        }
        catch (JsonException error)
        {
            throw new UndeliverableMessageException(UndeliverableReason.MalformedMessage, $"The body's {error.Path} has the wrong type ({error.Message}).");
        }
    }
}
