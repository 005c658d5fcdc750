using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Tool.Messages;

/// <summary>
/// A message file and headers as the worker would receive them on its queue, read by the worker's own reader: what
/// <c>render</c> hands to the core. The queue is the one the message's action goes to, so that <c>metadata.topic</c>
/// defaults as it would. Throws <see cref="S3Consumer.Core.UndeliverableMessageException"/> with the worker's reason.
/// </summary>
internal static class DeliveredMessage
{
    public static (InboundMessage Message, ActionMessage Read) From(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, QueueOptions queues)
    {
        var asRead = Create("read", queues.Read, body, headers);
        var read = ActionMessageReader.Read(asRead);
        return (read.Fields.Action is "subscribe" and var action ? Create(action, queues.QueueOf(action)!, body, headers) : asRead, read);
    }

    private static InboundMessage Create(string action, string queue, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers) =>
        ConsumeContextReader.Create(action, queue, body, name => headers.GetValueOrDefault(name), messageId: null, transportTimestamp: null);
}
