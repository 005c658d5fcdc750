using System.Security.Cryptography;
using System.Text;
using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// How a kind of destination writes: the settings that make it so, the key prefix each message must be under, what a
/// message is written as (the SHA-256 the harness expects of it, and its rows where the kind writes rows), and how the
/// messages an object holds are read back from S3, with what each was written as.
/// </summary>
internal abstract class DestinationLayout
{
    /// <summary>The settings under <c>Destinations:&lt;name&gt;</c> that make the kind, besides bucket and credentials.</summary>
    public abstract IReadOnlyDictionary<string, object> Settings { get; }

    /// <summary>What the kind is, for the report.</summary>
    public abstract string Describe();

    /// <summary>The prefix under which a message of <paramref name="objectName"/> must be.</summary>
    public abstract string Prefix(string objectName);

    /// <summary>The SHA-256 a message must be read back with, from the JSON its own object would hold (<paramref name="written"/>): of those bytes, for a kind that writes messages.</summary>
    public virtual byte[] Hash(string written) => SHA256.HashData(Encoding.UTF8.GetBytes(written));

    /// <summary>Whether the kind writes rows, one per record, rather than messages.</summary>
    public virtual bool WritesRows => false;

    /// <summary>The rows a message becomes, from the JSON its own object would hold; null for a kind that writes messages, not rows.</summary>
    public virtual int? Rows(string written) => null;

    /// <summary>
    /// The messages of this run one object holds: each one's number, its line (0 where it has no line of its own), the
    /// SHA-256 it was read back with (see <see cref="Hash"/>) and, for a kind that writes rows, how many rows it has there.
    /// </summary>
    public abstract IEnumerable<(long Number, int Line, byte[] Hash, int? Rows)> Read(S3rverObject stored, SoakIds ids);
}
