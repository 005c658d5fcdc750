using System.Text.Json;
using System.Text.Json.Serialization;
using S3Consumer.Contracts;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Reads a list of records to check that each one fits the contract, and keeps none: the object is written from the
/// delivered bytes, so building the records would only copy the payload once more.
/// </summary>
internal sealed class RecordsCheckedNotKept<TRecord> : JsonConverter<IReadOnlyList<TRecord>>
    where TRecord : ReadRecord
{
    public override IReadOnlyList<TRecord>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException();
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            try
            {
                JsonSerializer.Deserialize<TRecord>(ref reader, options);
            }
            catch (JsonException error)
            {
                // A record read on its own reports its path from itself ("$"); an exception without one gets the list's path.
                throw new JsonException(null, error);
            }
        }

        return null;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<TRecord> value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The worker only reads messages.");
}
