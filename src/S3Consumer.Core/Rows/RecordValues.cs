using System.Runtime.CompilerServices;

namespace S3Consumer.Core.Rows;

/// <summary>
/// A record's values for the columns after <c>record_index</c>, in their order: each the JSON token as sent (a
/// string with its quotes), empty where the record has none or JSON <c>null</c>. Slices of the record's bytes.
/// </summary>
[InlineArray(Count)]
internal struct RecordValues
{
    /// <summary>record_id, subscribe_event_type, provider_event_type and the six JSON columns.</summary>
    public const int Count = 9;

    /// <summary>The position in <see cref="RowColumns.All"/> of the first of them.</summary>
    public const int FirstColumn = RowColumns.MessageCount + 1;

    private ReadOnlyMemory<byte> first;
}
