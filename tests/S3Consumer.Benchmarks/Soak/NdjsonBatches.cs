using System.IO.Compression;
using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// Batches of gzip NDJSON of up to 100 messages, closed after 5 s at most, one open per day of the messages' event
/// time (<c>batches/&lt;date&gt;/</c>): each line is a message, named by the soak id inside it.
/// </summary>
internal sealed class NdjsonBatches : DestinationLayout
{
    private const string Folder = "batches";

    public override IReadOnlyDictionary<string, object> Settings { get; } = new Dictionary<string, object>
    {
        ["ObjectKeyTemplate"] = "join('', [batch.partition, '/', batch.id, '.ndjson.gz'])",
        ["Batch"] = new Dictionary<string, object>
        {
            ["MaxMessages"] = 100, ["MaxWait"] = "00:00:05", ["Compression"] = "gzip", ["PartitionBy"] = $"join('/', ['{Folder}', time.date])",
        },
    };

    public override string Describe() => "NDJSON batches (gzip, 100 messages or 5 s)";

    public override string Prefix(string objectName) => $"{Folder}/";

    public override IEnumerable<(long Number, int Line, byte[] Hash, int? Rows)> Read(S3rverObject stored, SoakIds ids)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(ids);
        using var file = File.OpenRead(stored.File);
        using var lines = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var found = new List<(long, int, byte[], int?)>();
        var number = 0;
        for (var line = lines.ReadLine(); line is not null; line = lines.ReadLine())
        {
            number++;
            foreach (var message in ids.NumbersIn(line).Distinct())
            {
                found.Add((message, number, Hash(line), null));
            }
        }

        return found;
    }
}
