using System.Text.Json;

namespace S3Consumer.Core.Objects;

/// <summary>Finds the <c>data</c> object in a delivered body without parsing the payload into objects.</summary>
public static class JsonBody
{
    private static readonly string[] RawPath = ["data"];

    // MassTransit's envelope carries the published message under "message".
    private static readonly string[] EnvelopePath = ["message", "data"];

    /// <summary>
    /// The bytes of the <c>data</c> object, or null where the body has none. Throws <see cref="JsonException"/>
    /// where the body is not JSON.
    /// </summary>
    public static ReadOnlyMemory<byte>? FindData(ReadOnlyMemory<byte> body, bool isEnvelope)
    {
        var reader = new Utf8JsonReader(body.Span);
        reader.Read();
        foreach (var name in isEnvelope ? EnvelopePath : RawPath)
        {
            if (reader.TokenType != JsonTokenType.StartObject || !MoveToProperty(ref reader, name))
            {
                return null;
            }
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return body[start..(int)reader.BytesConsumed];
    }

    // From an object's start, reads up to the value of its property `name`; false where it has none.
    private static bool MoveToProperty(ref Utf8JsonReader reader, string name)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMatch = reader.ValueTextEquals(name);
            reader.Read();
            if (isMatch)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
