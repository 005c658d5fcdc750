using System.Text.Json;
using S3Consumer.Core.Messages;

namespace S3Consumer.Core.Rows;

/// <summary>Finds a record's members that become row columns, without parsing their values.</summary>
internal static class RecordMembers
{
    private const int RecordId = 0;
    private const int NotAColumn = -1;

    // The record's member names, matched ignoring case as the worker's reader matches the contract's, with the slot of
    // RecordValues each fills; its own id stands in for record_id where fields.id is missing.
    private static readonly (string Name, int Slot)[] Names =
    [
        ("subscribeEventType", 1), ("providerEventType", 2), ("fields", 3), ("mappedFields", 4), ("associations", 5),
        ("raw", 6), ("rawEvent", 7), ("fieldsUpdated", 8), ("id", NotAColumn),
    ];

    /// <summary>
    /// The record's values; throws <see cref="UndeliverableMessageException"/> for a record that gives one of these
    /// members twice, which a reader could take either way.
    /// </summary>
    public static void Read(ReadOnlyMemory<byte> record, string where, int index, out RecordValues values)
    {
        var reader = new Utf8JsonReader(record.Span, ActionMessageReader.ReaderOptions);
        reader.Read();
        Read(ref reader, record, where, index, out values);
    }

    /// <summary>
    /// As <see cref="Read(ReadOnlyMemory{byte}, string, int, out RecordValues)"/>, for the record the reader is on (its
    /// start), in <paramref name="source"/>, the bytes the reader reads; the reader is left on the record's end.
    /// </summary>
    public static void Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, string where, int index, out RecordValues values)
    {
        values = default;
        ReadOnlyMemory<byte> ownId = default;
        ReadOnlyMemory<byte> fieldsId = default;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = Find(ref reader);
            if (found < 0)
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if ((seen & (1 << found)) != 0)
            {
                throw new UndeliverableMessageException(
                    UndeliverableReason.AmbiguousMessage,
                    $"{Excerpt.Quote(where)}[{index}] gives '{Names[found].Name}' twice, so its row could hold either: send it once.");
            }

            seen |= 1 << found;
            reader.Read();
            var (name, slot) = Names[found];
            var value = name == "fields" && reader.TokenType == JsonTokenType.StartObject
                ? ReadFields(ref reader, source, out fieldsId)
                : Token(ref reader, source);
            if (slot == NotAColumn)
            {
                ownId = value;
            }
            else
            {
                values[slot] = value;
            }
        }

        values[RecordId] = fieldsId.IsEmpty ? ownId : fieldsId;
    }

    private static int Find(ref Utf8JsonReader reader)
    {
        for (var index = 0; index < Names.Length; index++)
        {
            if (ActionMessageReader.Matches(ref reader, Names[index].Name))
            {
                return index;
            }
        }

        return -1;
    }

    // The fields object whole, and its id member (the first, where CRM data gives two) as it stands.
    private static ReadOnlyMemory<byte> ReadFields(ref Utf8JsonReader reader, ReadOnlyMemory<byte> record, out ReadOnlyMemory<byte> id)
    {
        id = default;
        var start = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = id.IsEmpty && reader.ValueTextEquals("id"u8);
            reader.Read();
            var value = Token(ref reader, record);
            if (isId)
            {
                id = value;
            }
        }

        return record[start..(int)reader.BytesConsumed];
    }

    /// <summary>The value the reader is on, as sent (a string with its quotes); empty for JSON null.</summary>
    private static ReadOnlyMemory<byte> Token(ref Utf8JsonReader reader, ReadOnlyMemory<byte> record)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return record[start..(int)reader.BytesConsumed];
    }
}
