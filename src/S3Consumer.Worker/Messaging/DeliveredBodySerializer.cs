using System.Net.Mime;
using MassTransit;

namespace S3Consumer.Worker.Messaging;

/// <summary>Sends a raw message on (a redelivery, a move) as the bytes that were delivered, never rebuilt from what was read.</summary>
internal sealed class DeliveredBodySerializer(MessageBody body, ContentType contentType) : IMessageSerializer
{
    public ContentType ContentType => contentType;

    public MessageBody GetMessageBody<T>(SendContext<T> context)
        where T : class => body;
}
