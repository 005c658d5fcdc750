using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// Batches of rows (<c>Format</c> <c>records</c>, gzip NDJSON, or <c>parquet</c>) of up to 100 messages, closed after
/// 5 s at most, partitioned Hive-style by object name and day (<c>object=&lt;objectName&gt;/dt=&lt;date&gt;/</c>): a row per
/// record, named by its <c>event_id</c> column. Read back by DuckDB, a reader no one here wrote: a message's copy in an
/// object is its rows there, their count and the SHA-256 of their <c>record_index</c>, <c>record_id</c> and
/// <c>fields</c> in order, which must be the records it carried.
/// </summary>
internal sealed class BatchedRows(string format) : DestinationLayout
{
    // The columns a row is known by; DuckDB's NDJSON reader is told their types (it reads no other column).
    private const string Columns = "event_id, record_index, record_id, fields";

    public override IReadOnlyDictionary<string, object> Settings { get; } = new Dictionary<string, object>
    {
        ["Format"] = format,
        ["ObjectKeyTemplate"] = $"join('', [batch.partition, '/', batch.id, '{(format == "parquet" ? ".parquet" : ".ndjson.gz")}'])",
        ["Batch"] = new Dictionary<string, object>
        {
            ["MaxMessages"] = 100, ["MaxWait"] = "00:00:05", ["Compression"] = "gzip",
            ["PartitionBy"] = "join('', ['object=', metadata.objectName, '/dt=', time.date])",
        },
    };

    public override string Describe() => $"{(format == "parquet" ? "Parquet" : "NDJSON")} rows (Format {format}, gzip), batches of 100 messages or 5 s, partitioned object=/dt=";

    public override string Prefix(string objectName) => $"object={objectName}/dt=";

    /// <summary>The rows of the records in <c>result</c>, as <see cref="Read"/> hashes them.</summary>
    public override byte[] Hash(string written)
    {
        using var message = JsonDocument.Parse(written);
        return HashOf(Records(message.RootElement).Select((record, index) => (index, RecordId(record), (string?)record.GetProperty("fields").GetRawText())));
    }

    public override bool WritesRows => true;

    public override int? Rows(string written)
    {
        using var message = JsonDocument.Parse(written);
        return Records(message.RootElement).Count();
    }

    public override IEnumerable<(long Number, int Line, byte[] Hash, int? Rows)> Read(S3rverObject stored, SoakIds ids)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(ids);
        var file = DuckDb.Literal(stored.File);
        var source = format == "parquet"
            ? $"read_parquet({file}, hive_partitioning = false)"
            : $"read_json({file}, format = 'newline_delimited', compression = 'gzip', hive_partitioning = false, columns = {{event_id: 'VARCHAR', record_index: 'INTEGER', record_id: 'VARCHAR', fields: 'JSON'}})";
        var rows = DuckDb.Query($"SELECT {Columns} FROM {source} ORDER BY event_id, record_index");
        return rows
            .GroupBy(row => (string)row[0]!)
            .SelectMany(message => ids.NumbersIn(message.Key).Take(1).Select(number => (
                number, 0,
                HashOf(message.Select(row => (Convert.ToInt32(row[1], CultureInfo.InvariantCulture), (string?)row[2], Convert.ToString(row[3], CultureInfo.InvariantCulture)))),
                (int?)message.Count())))
            .ToList();
    }

    // The records of a message as its object would hold it, {"data": {...}} or the payload itself.
    private static JsonElement.ArrayEnumerator Records(JsonElement message) =>
        (message.TryGetProperty("data", out var data) ? data : message).GetProperty("result").EnumerateArray();

    private static string? RecordId(JsonElement record) =>
        record.TryGetProperty("fields", out var fields) && fields.TryGetProperty("id", out var id) ? id.GetString() : null;

    private static byte[] HashOf(IEnumerable<(int Index, string? Id, string? Fields)> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (index, id, fields) in rows)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{index}\t{id}\t{fields}\n")));
        }

        return hash.GetHashAndReset();
    }
}
