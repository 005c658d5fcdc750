using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Rows;

/// <summary>The names of each <see cref="ObjectFormat"/>, the rules a destination's settings must keep for it, and how its batch objects are typed and named.</summary>
public static class ObjectFormats
{
    public const string ValidNames = "message, records, parquet";

    public const string ParquetContentType = "application/vnd.apache.parquet";

    public static bool TryParse(string? name, out ObjectFormat format)
    {
        (var known, format) = name?.ToUpperInvariant() switch
        {
            "MESSAGE" => (true, ObjectFormat.Message),
            "RECORDS" => (true, ObjectFormat.Records),
            "PARQUET" => (true, ObjectFormat.Parquet),
            _ => (false, ObjectFormat.Message),
        };
        return known;
    }

    /// <summary>The destination's format; <see cref="ObjectFormat.Message"/> for settings the validator refused.</summary>
    public static ObjectFormat Of(DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryParse(options.Format, out var format) ? format : ObjectFormat.Message;
    }

    /// <summary>What is wrong with the destination's <c>Format</c>, one line, saying what to set; null when nothing is.</summary>
    public static string? Problem(DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!TryParse(options.Format, out var format))
        {
            return $"Format '{options.Format}' is unknown; use one of {ValidNames}.";
        }

        // A Parquet file is written whole, footer last, and is worth reading only with many rows in it.
        return format == ObjectFormat.Parquet && !options.Batch.Enabled
            ? "Format parquet writes many messages' rows into one file, so it needs Batch:MaxMessages above 0; " +
              "set Batch:MaxMessages (e.g. 1000), or use Format records for one NDJSON object per message."
            : null;
    }

    /// <summary>The end of the default batch key: <c>.parquet</c> for Parquet (compressed inside), else the NDJSON's by compression.</summary>
    public static string KeySuffix(this ObjectFormat format, BatchCompression compression) =>
        format == ObjectFormat.Parquet ? ".parquet" : compression.KeySuffix();
}
