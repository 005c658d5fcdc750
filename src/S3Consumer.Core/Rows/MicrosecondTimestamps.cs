using System.Reflection;
using Parquet;
using Parquet.Meta;

namespace S3Consumer.Core.Rows;

/// <summary>
/// Marks a 64-bit integer column of a Parquet file being written as a UTC timestamp in microseconds. Parquet.Net
/// 6.1.0 writes the statistics of a <see cref="DateTime"/> column in milliseconds whatever the column's unit (its
/// issue 769), so readers that skip row groups by them would skip the wrong ones: the column is written as the
/// microseconds themselves, whose statistics are right, and its schema element says what they are.
/// </summary>
internal static class MicrosecondTimestamps
{
    // The writer's footer, and its schema elements, are its own: reached by name, checked at once, so that another
    // version of Parquet.Net fails every write plainly rather than writing the column as a bare integer.
    private static readonly FieldInfo? Footer = typeof(ParquetWriter).GetField("_footer", BindingFlags.NonPublic | BindingFlags.Instance);

    public static void Mark(ParquetWriter writer, string column)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var footer = Footer?.GetValue(writer);
        var elements = footer?.GetType().GetMethod("GetWriteableSchema")?.Invoke(footer, null) as SchemaElement[];
        var element = elements?.SingleOrDefault(candidate => candidate.Name == column && candidate.Type == Parquet.Meta.Type.INT64)
            ?? throw new InvalidOperationException(
                $"This version of Parquet.Net does not let its writer's column '{column}' be marked a timestamp; the Parquet writer needs Parquet.Net 6.1.0.");
        element.LogicalType = new LogicalType { TIMESTAMP = new TimestampType { IsAdjustedToUTC = true, Unit = new TimeUnit { MICROS = new MicroSeconds() } } };
        element.ConvertedType = ConvertedType.TIMESTAMP_MICROS;
    }
}
