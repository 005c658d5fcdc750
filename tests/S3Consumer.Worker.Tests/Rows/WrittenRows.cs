using System.IO.Compression;
using System.Text.Json;

namespace S3Consumer.Worker.Tests.Rows;

/// <summary>
/// The rows in objects the worker wrote, as readers no one here wrote see them, each named <c>event_id/record_index</c>
/// (see <see cref="Id"/>): NDJSON parsed line by line by System.Text.Json, Parquet read by DuckDB.
/// </summary>
internal static class WrittenRows
{
    public static string Id(ExpectedRow row) => $"{row.EventId}/{row.RecordIndex}";

    /// <summary>Every object of the bucket.</summary>
    public static async Task<IReadOnlyList<StoredObject>> ObjectsAsync(S3Bucket bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var objects = new List<StoredObject>();
        foreach (var key in await bucket.KeysAsync())
        {
            objects.Add(await bucket.WaitForObjectAsync(key));
        }

        return objects;
    }

    /// <summary>An NDJSON object's text, decompressed as its <c>Content-Encoding</c> says.</summary>
    public static string Text(StoredObject stored)
    {
        using var body = new MemoryStream(stored.Body);
        using Stream plain = stored.ContentEncoding == "gzip" ? new GZipStream(body, CompressionMode.Decompress) : body;
        using var reader = new StreamReader(plain, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static IEnumerable<string> OfNdjson(StoredObject stored) =>
        Text(stored).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return $"{row.RootElement.GetProperty("event_id").GetString()}/{row.RootElement.GetProperty("record_index").GetInt64()}";
        });

    /// <summary>The rows of Parquet objects, downloaded into <paramref name="directory"/> (over what an earlier call put there) and read by DuckDB; none for none.</summary>
    public static async Task<IReadOnlyList<string>> OfParquetAsync(IReadOnlyList<StoredObject> objects, DirectoryInfo directory)
    {
        var files = new List<string>();
        foreach (var stored in objects)
        {
            var path = Path.Combine(directory.FullName, $"{files.Count}.parquet");
            await File.WriteAllBytesAsync(path, stored.Body);
            files.Add(path);
        }

        return files.Count == 0 ? [] : DuckDb.Query($"SELECT concat(event_id, '/', record_index) FROM read_parquet([{string.Join(", ", files.Select(DuckDb.Literal))}])")
            .Select(row => (string)row[0]!).ToList();
    }
}
