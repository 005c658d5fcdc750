namespace S3Consumer.Core.Rows;

/// <summary>What a row column holds, which fixes its type in each format (see <see cref="RowColumns"/>).</summary>
public enum RowColumnKind
{
    /// <summary>Text: a JSON string in NDJSON, a UTF-8 string in Parquet.</summary>
    Text,

    /// <summary>The event time: RFC 3339 text in NDJSON (as the key's <c>time.rfc3339_nano</c>), a UTC timestamp in microseconds in Parquet.</summary>
    Time,

    /// <summary>A record's position in <c>result</c>: a number in NDJSON, a 32-bit integer in Parquet.</summary>
    Index,

    /// <summary>A JSON value as sent: itself in NDJSON, its UTF-8 JSON text in Parquet.</summary>
    Json,
}
