using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Batches;

/// <summary>
/// The rules of a batched destination's key template and <c>Batch:PartitionBy</c>, and its default key. A batch holds many
/// messages, so its key reads only <c>batch</c>: what is true of all of them (their partition, the earliest event time,
/// their count and ids). A template that reads a message's own fields would file every message of a batch under the
/// first one's values.
/// </summary>
public static class BatchKeyTemplates
{
    private static readonly Dictionary<(ObjectFormat, BatchCompression, bool), ObjectKeyTemplate> Defaults = (
            from format in Enum.GetValues<ObjectFormat>()
            from compression in Enum.GetValues<BatchCompression>()
            from partitioned in new[] { false, true }
            select (format, compression, partitioned))
        .ToDictionary(key => key, key => ObjectKeyTemplate.Parse(DefaultText(key.compression, key.partitioned, key.format)));

    /// <summary>
    /// The default batch key: the earliest event time and <c>batch.id</c>, after the partition where the destination
    /// sets <c>Batch:PartitionBy</c>, ending as the format and compression do (<c>.ndjson.gz</c>, <c>.ndjson.zst</c>,
    /// <c>.ndjson</c>, <c>.parquet</c>: see <see cref="ObjectFormats.KeySuffix"/>).
    /// </summary>
    public static string DefaultText(BatchCompression compression, bool partitioned, ObjectFormat format = ObjectFormat.Message) =>
        $"join('', [{(partitioned ? "batch.partition, '/', " : "")}batch.time.rfc3339_nano, '_', batch.id, '{format.KeySuffix(compression)}'])";

    /// <summary>The template a batched destination's objects are named by: its own, or the default batch key of its format.</summary>
    public static ObjectKeyTemplate For(Destination destination, BatchCompression compression)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return IsDefault(destination)
            ? Defaults[(destination.Format, compression, destination.PartitionBy is not null)]
            : destination.KeyTemplate;
    }

    /// <summary>Whether the destination sets no key template of its own, so that its batches take the default batch key.</summary>
    public static bool IsDefault(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return ReferenceEquals(destination.KeyTemplate, ObjectKeyTemplate.Default);
    }

    /// <summary>Why a batched destination cannot write under this template; null when it can.</summary>
    public static string? Problem(ObjectKeyTemplate template, DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        var batch = options.Batch;
        // An unknown compression or format is refused beside this: the suggestions then name gzip's suffix of message lines.
        var compression = BatchCompressions.TryParse(batch.Compression, out var known) ? known : BatchCompression.Gzip;
        var format = ObjectFormats.Of(options);
        var partitioned = batch.PartitionBy is not null;
        if (template.Reads.Whole || MessageNamespaces.Any(template.Reads.Reads))
        {
            return BatchKeySuggestion.For(template, compression, format);
        }

        // Two batches under one key: the second would replace the first, or (Overwrite false) be taken for it and lost.
        if (!template.ReadsBatchId)
        {
            return $"ObjectKeyTemplate {template.Text} does not use batch.id, so two batch objects could get the same key; " +
                   $"use it, e.g. {DefaultText(compression, partitioned, format)}, or leave ObjectKeyTemplate out for that default.";
        }

        return !partitioned && template.Reads.ReadsPath("batch", "partition")
            ? $"ObjectKeyTemplate {template.Text} reads batch.partition, but Batch:PartitionBy is not set: set it to what the messages of a " +
              "batch share (e.g. join('/', [metadata.objectName, time.date])), or leave batch.partition out."
            : null;
    }

    /// <summary>Why a destination cannot partition its batches by <paramref name="partitionBy"/>; null when it can.</summary>
    public static string? PartitionProblem(string partitionBy, bool batched)
    {
        ArgumentNullException.ThrowIfNull(partitionBy);
        ObjectKeyTemplate template;
        try
        {
            template = ObjectKeyTemplate.ParsePartition(partitionBy);
        }
        catch (FormatException error)
        {
            return $"Batch:PartitionBy {partitionBy} does not parse: {error.Message}";
        }

        return template.Reads.Reads("batch")
            ? $"Batch:PartitionBy {partitionBy} reads batch, which is made of the partitions: read the message's metadata, time and data."
            : batched
                ? null
                : "Batch:PartitionBy partitions batches, but this destination writes one object per message: set Batch:MaxMessages above 0, or leave Batch:PartitionBy out.";
    }

    /// <summary>The namespaces of one message, which a batched key template cannot read.</summary>
    internal static IReadOnlyList<string> MessageNamespaces { get; } = ["metadata", "time", "data"];
}
