using System.Text.Json;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Takes a typed publisher's message out of MassTransit's JSON envelope (<c>{"messageId": ..., "message": {...},
/// "headers": {...}}</c>), so the core reads it exactly as it reads a raw publisher's body.
/// </summary>
internal static class MassTransitEnvelope
{
    /// <summary>The bytes of the envelope's <c>message</c>; empty when it has none (the core then says what is missing).</summary>
    public static ReadOnlyMemory<byte> MessageOf(ReadOnlyMemory<byte> envelope)
    {
        var reader = new Utf8JsonReader(envelope.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isMessage)
            {
                return envelope[start..(int)reader.BytesConsumed];
            }
        }

        return ReadOnlyMemory<byte>.Empty;
    }
}
