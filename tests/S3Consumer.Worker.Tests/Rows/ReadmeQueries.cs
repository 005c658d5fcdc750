namespace S3Consumer.Worker.Tests.Rows;

/// <summary>
/// The DuckDB queries of the README's "Querying what was written", word for word, over a table (or view) named
/// <c>lake</c>: the tests run them over rows the worker wrote.
/// </summary>
internal static class ReadmeQueries
{
    public const string RowsByObjectAndDay = """
        SELECT object_name, strftime(timezone('UTC', event_time), '%Y-%m-%d') AS day, count(*) AS rows
        FROM lake
        GROUP BY ALL
        ORDER BY ALL
        """;

    public const string LatestStateOfEachRecord = """
        SELECT record_id, subscribe_event_type, fields, event_time
        FROM lake
        WHERE action = 'subscribe' AND object_name = 'contacts'
        QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY event_time DESC, event_id DESC) = 1
        """;

    public const string WithoutDuplicates = """
        SELECT *
        FROM lake
        QUALIFY row_number() OVER (PARTITION BY event_id, record_index) = 1
        """;
}
