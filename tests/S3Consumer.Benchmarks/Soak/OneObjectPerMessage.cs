using System.Security.Cryptography;
using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>One object per message, under <c>&lt;objectName&gt;/&lt;event-id&gt;.json</c>: the message is named by its key.</summary>
internal sealed class OneObjectPerMessage : DestinationLayout
{
    public override IReadOnlyDictionary<string, object> Settings { get; } = new Dictionary<string, object>
    {
        ["ObjectKeyTemplate"] = "join('/', [metadata.objectName, join('', [metadata.\"event-id\", '.json'])])",
    };

    public override string Describe() => "one object per message";

    public override string Prefix(string objectName) => $"{objectName}/";

    public override IEnumerable<(long Number, int Line, byte[] Hash, int? Rows)> Read(S3rverObject stored, SoakIds ids)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(ids);
        var named = ids.NumbersIn(stored.Key).ToList();
        if (named.Count == 0)
        {
            return [];
        }

        using var file = File.OpenRead(stored.File);
        return [(named[0], 0, SHA256.HashData(file), null)];
    }
}
