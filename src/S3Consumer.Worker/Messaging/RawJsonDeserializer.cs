using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Reads raw JSON messages (a publisher's own JSON, no MassTransit envelope) without copying their payload: the body
/// is checked to be JSON here, and each message reads only its header fields (<see cref="HeaderFieldsSerializerContext"/>).
/// A failure tells the publisher what to fix. The fault headers carry the innermost exception's message, so the reason
/// is put in a new exception rather than wrapped around the old.
/// </summary>
internal sealed class RawJsonDeserializer : IMessageDeserializer, ISerializerFactory
{
    private const RawSerializerOptions Options = RawSerializerOptions.AnyMessageType;

    private readonly SystemTextJsonRawMessageSerializer serializer = new(Options);

    public ContentType ContentType => serializer.ContentType;

    public void Probe(ProbeContext context) => serializer.Probe(context);

    public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
        new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        ThrowIfNotJson(body.GetBytes());
        return new HeaderFieldsSerializerContext(
            body, ContentType, new RawMessageContext(headers, destinationAddress, Options), headers.GetMessageTypes(), Options);
    }

    public MessageBody GetMessageBody(string text) => serializer.GetMessageBody(text);

    public IMessageSerializer CreateSerializer() => serializer;

    public IMessageDeserializer CreateDeserializer() => this;

    /// <summary>Reads through the body once, keeping nothing. An empty body counts as <c>{}</c>, as MassTransit's own reader takes it.</summary>
    private static void ThrowIfNotJson(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
            }
        }
        catch (JsonException error)
        {
#pragma warning disable CA2200 // The original is left out on purpose: see the class summary.
            throw new SerializationException(
                $"The body is not valid JSON ({error.Message}). Send the message as UTF-8 JSON: {{\"data\": {{...}}}}.");
#pragma warning restore CA2200
        }
    }
}
