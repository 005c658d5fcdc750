using System.Diagnostics.CodeAnalysis;
using System.Net.Mime;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// A raw message as <see cref="RawJsonDeserializer"/> leaves it: offered to consumers as a <see cref="RawJsonMessage"/>
/// over the delivered bytes, and sent on (a redelivery, a move to the error queue) as those same bytes. Built on
/// MassTransit's public interfaces only, so that an upgrade of its serializers leaves the worker as it is.
/// </summary>
internal sealed class RawJsonSerializerContext(
    MessageBody body, ContentType contentType, MessageContext messageContext, SystemTextJsonRawMessageSerializer serializer)
    : SerializerContext
{
    private static readonly string[] MessageTypes = [MessageUrn.ForTypeString<RawJsonMessage>()];

    public Guid? MessageId => messageContext.MessageId;
    public Guid? RequestId => messageContext.RequestId;
    public Guid? CorrelationId => messageContext.CorrelationId;
    public Guid? ConversationId => messageContext.ConversationId;
    public Guid? InitiatorId => messageContext.InitiatorId;
    public DateTime? ExpirationTime => messageContext.ExpirationTime;
    public Uri? SourceAddress => messageContext.SourceAddress;
    public Uri? DestinationAddress => messageContext.DestinationAddress;
    public Uri? ResponseAddress => messageContext.ResponseAddress;
    public Uri? FaultAddress => messageContext.FaultAddress;
    public DateTime? SentTime => messageContext.SentTime;
    public Headers Headers => messageContext.Headers;
    public HostInfo Host => messageContext.Host;

    public string[] SupportedMessageTypes => MessageTypes;

    public bool IsSupportedMessageType<T>()
        where T : class => typeof(T) == typeof(RawJsonMessage);

    public bool IsSupportedMessageType(Type messageType) => messageType == typeof(RawJsonMessage);

    public bool TryGetMessage<T>(out T? message)
        where T : class
    {
        message = TryGetMessage(typeof(T), out var raw) ? (T)raw : null;
        return message is not null;
    }

    public bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? message)
    {
        message = IsSupportedMessageType(messageType) ? new RawJsonMessage(body.GetBytes()) : null;
        return message is not null;
    }

    /// <summary>Anything sent on is the body as delivered, never rebuilt from what was read.</summary>
    public IMessageSerializer GetMessageSerializer() => new DeliveredBodySerializer(body, contentType);

    public IMessageSerializer GetMessageSerializer<T>(MessageEnvelope envelope, T message)
        where T : class => serializer;

    public IMessageSerializer GetMessageSerializer(object message, string[] messageTypes) => serializer;

    public Dictionary<string, object> ToDictionary<T>(T? message)
        where T : class =>
        message is null
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.SerializeToUtf8Bytes(message, SystemTextJsonMessageSerializer.Options), SystemTextJsonMessageSerializer.Options) ?? [];

    public T? DeserializeObject<T>(object? value, T? defaultValue = null)
        where T : class => SystemTextJsonMessageSerializer.Instance.DeserializeObject(value, defaultValue);

    public T? DeserializeObject<T>(object? value, T? defaultValue = null)
        where T : struct => SystemTextJsonMessageSerializer.Instance.DeserializeObject(value, defaultValue);

    public MessageBody SerializeObject(object? value) => SystemTextJsonMessageSerializer.Instance.SerializeObject(value);
}
