using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Destinations;

/// <summary>
/// A validated destination: where and how its objects are written. A reload that changes a destination makes a new
/// instance, so whatever is built for one (an S3 client) is rebuilt for the next.
/// </summary>
public sealed record Destination(string Name, DestinationOptions Options, string StorageClass, ObjectKeyTemplate KeyTemplate)
{
    public string Id => string.IsNullOrWhiteSpace(Options.Id) ? Name : Options.Id;

    public string Bucket => Options.Bucket!;

    /// <summary>Its <c>Batch:PartitionBy</c>, parsed once: a message's partition, the batches it may join; null where it sets none.</summary>
    public ObjectKeyTemplate? PartitionBy { get; } = Options.Batch.PartitionBy is { } partitionBy ? ObjectKeyTemplate.ParsePartition(partitionBy) : null;

    public override string ToString() => $"{Name} ({Options})";
}
