using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// How a kind of destination writes: the settings that make it so, the key prefix each message must be under, and how
/// the messages an object holds are read back from S3, with the bytes each was written as.
/// </summary>
internal abstract class DestinationLayout
{
    /// <summary>The settings under <c>Destinations:&lt;name&gt;</c> that make the kind, besides bucket and credentials.</summary>
    public abstract IReadOnlyDictionary<string, object> Settings { get; }

    /// <summary>What the kind is, for the report.</summary>
    public abstract string Describe();

    /// <summary>The prefix under which a message of <paramref name="objectName"/> must be.</summary>
    public abstract string Prefix(string objectName);

    /// <summary>The messages of this run one object holds.</summary>
    public abstract IEnumerable<(long Number, int Line, byte[] Hash)> Read(S3rverObject stored, SoakIds ids);
}
