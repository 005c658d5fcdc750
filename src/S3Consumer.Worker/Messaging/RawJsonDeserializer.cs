using System.Net.Mime;
using System.Runtime.Serialization;
using MassTransit;
using MassTransit.Serialization;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// MassTransit's raw JSON deserializer, with a failure that tells a publisher what to fix. The fault headers carry
/// the innermost exception's message, so the reason is put in a new exception rather than wrapped around the old.
/// </summary>
internal sealed class RawJsonDeserializer : IMessageDeserializer, ISerializerFactory
{
    private readonly SystemTextJsonRawMessageSerializer inner = new(RawSerializerOptions.AnyMessageType);

    public ContentType ContentType => inner.ContentType;

    public void Probe(ProbeContext context) => inner.Probe(context);

    public ConsumeContext Deserialize(ReceiveContext receiveContext) => Clearly(() => inner.Deserialize(receiveContext));

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        Clearly(() => inner.Deserialize(body, headers, destinationAddress));

    public MessageBody GetMessageBody(string text) => inner.GetMessageBody(text);

    public IMessageSerializer CreateSerializer() => inner;

    public IMessageDeserializer CreateDeserializer() => this;

    private static T Clearly<T>(Func<T> deserialize)
    {
        try
        {
            return deserialize();
        }
        catch (SerializationException error)
        {
#pragma warning disable CA2200 // The original is left out on purpose: see the class summary.
            throw new SerializationException(
                $"The body is not valid JSON ({error.GetBaseException().Message}). Send the message as UTF-8 JSON: {{\"data\": {{...}}}}.");
#pragma warning restore CA2200
        }
    }
}
