using System.Text.Json;

namespace S3Consumer.Core.Objects;

/// <summary>Where a payload's <c>result</c> value lies, so that records fetched elsewhere can take its place.</summary>
internal static class ResultMember
{
    private static readonly ReadOnlyMemory<byte> Member = "\"result\":"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> NextMember = ",\"result\":"u8.ToArray();

    /// <summary>
    /// The payload's bytes before and after the value of its <c>result</c> member (slices, never copies). A payload
    /// without one gets the member added before its closing brace.
    /// </summary>
    public static (ReadOnlyMemory<byte>[] Head, ReadOnlyMemory<byte>[] Tail) Split(ReadOnlyMemory<byte> data)
    {
        var reader = new Utf8JsonReader(data.Span, new JsonReaderOptions { MaxDepth = JsonLimits.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Malformed("data is not a JSON object.");
        }

        (int Start, int End)? value = null;
        var members = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isResult = reader.ValueTextEquals("result"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            members++;
            if (isResult)
            {
                value = value is null
                    ? (start, (int)reader.BytesConsumed)
                    : throw Malformed("data.result is given twice: send it once.");
            }
        }

        if (value is { } found)
        {
            return ([data[..found.Start]], [data[found.End..]]);
        }

        var close = (int)reader.TokenStartIndex;
        return ([data[..close], members == 0 ? Member : NextMember], [data[close..]]);
    }

    private static UndeliverableMessageException Malformed(string message) => new(UndeliverableReason.InvalidJson, message);
}
