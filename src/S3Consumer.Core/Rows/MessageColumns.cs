using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Rows;

/// <summary>
/// The columns every row of one message repeats, the first <see cref="RowColumns.MessageCount"/> of
/// <see cref="RowColumns.All"/>, as text (<c>event_time</c> as <c>time.rfc3339_nano</c>, beside <see cref="Time"/>).
/// </summary>
public sealed class MessageColumns
{
    private readonly string?[] values;

    internal MessageColumns(string?[] values, EventTime time)
    {
        this.values = values;
        Time = time;
    }

    /// <summary>The values in column order; null where the message has none.</summary>
    public IReadOnlyList<string?> Values => values;

    public EventTime Time { get; }

    /// <summary>The UTF-8 bytes (about: as ASCII) of its values as one row's JSON text.</summary>
    internal long TextBytes => values.Sum(value => (long)(value?.Length ?? 4));

    /// <summary>What its values keep in memory: .NET strings (two bytes a character, an object's header each) and their array.</summary>
    internal long RetainedBytes => values.Sum(value => value is null ? 0L : 24 + (2L * value.Length)) + 24 + (8L * values.Length);
}
