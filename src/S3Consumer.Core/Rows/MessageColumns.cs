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
}
