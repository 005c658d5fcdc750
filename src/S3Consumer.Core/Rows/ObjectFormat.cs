namespace S3Consumer.Core.Rows;

/// <summary>What a destination's objects hold: <c>Destinations:&lt;name&gt;:Format</c>.</summary>
public enum ObjectFormat
{
    /// <summary>The message as the object, or one NDJSON line per message in a batch.</summary>
    Message,

    /// <summary>One NDJSON row per record of <c>result</c>.</summary>
    Records,

    /// <summary>The same rows as Parquet; batched destinations only.</summary>
    Parquet,
}
