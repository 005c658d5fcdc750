using System.Net.Mime;
using MassTransit;
using MassTransit.Serialization;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Takes raw JSON messages (a publisher's own JSON with <c>application/json</c> or no content type, no MassTransit
/// envelope) as they were delivered: it reads nothing, so it cannot fail, and every message reaches the consumer,
/// which reads it, counts it and, when it cannot be written, parks it with a reason.
/// </summary>
internal sealed class RawJsonDeserializer : IMessageDeserializer, ISerializerFactory
{
    private const RawSerializerOptions Options = RawSerializerOptions.AnyMessageType;

    // MassTransit's public raw JSON serializer: used only for what a consumer would send itself, never for a delivered message.
    private readonly SystemTextJsonRawMessageSerializer serializer = new(Options);

    public ContentType ContentType => serializer.ContentType;

    public void Probe(ProbeContext context) => serializer.Probe(context);

    public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
        new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        new RawJsonSerializerContext(body, ContentType, new RawMessageContext(headers, destinationAddress, Options), serializer);

    public MessageBody GetMessageBody(string text) => serializer.GetMessageBody(text);

    public IMessageSerializer CreateSerializer() => serializer;

    public IMessageDeserializer CreateDeserializer() => this;
}
