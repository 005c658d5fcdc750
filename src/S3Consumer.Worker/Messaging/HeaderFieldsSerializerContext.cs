using System.Diagnostics.CodeAnalysis;
using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// A raw JSON message read straight from the delivered bytes with <see cref="HeaderFieldsJson"/>: its header fields
/// are read and its records checked, with no <see cref="JsonElement"/> of the whole body and no copy of the records.
/// </summary>
internal sealed class HeaderFieldsSerializerContext(
    MessageBody body,
    ContentType contentType,
    MessageContext messageContext,
    string[] messageTypes,
    RawSerializerOptions rawOptions)
    : SystemTextJsonRawSerializerContext(
        SystemTextJsonMessageSerializer.Instance,
        HeaderFieldsJson.Options,
        contentType,
        messageContext,
        messageTypes,
        rawOptions,
        default)
{
    public override bool TryGetMessage<T>(out T? message)
        where T : class
    {
        message = IsSupportedMessageType<T>() ? (T?)Read(typeof(T)) : null;
        return message is not null;
    }

    public override bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? message)
    {
        message = Read(messageType);
        return message is not null;
    }

    /// <summary>Anything sent on (a redelivery, a move) is the body as delivered, never rebuilt from the fields read.</summary>
    public override IMessageSerializer GetMessageSerializer() => new DeliveredBodySerializer(body, ContentType);

    private object? Read(Type messageType)
    {
        var bytes = body.GetBytes();
        try
        {
            return JsonSerializer.Deserialize(bytes.Length == 0 ? "{}"u8 : bytes, messageType, Options);
        }
        catch (JsonException error)
        {
#pragma warning disable CA2200 // As in RawJsonDeserializer: the fault headers show the innermost message, so it must say it all.
            throw new SerializationException(
                $"The body's {error.Path} has the wrong type: send ids, names, times and event types as JSON strings, 'data' and each record as objects, and 'result' as a list.");
#pragma warning restore CA2200
        }
    }
}
