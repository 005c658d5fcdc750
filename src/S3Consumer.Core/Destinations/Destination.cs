using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Destinations;

/// <summary>
/// A validated destination: where and how its objects are written. A reload that changes a destination makes a new
/// instance, so whatever is built for one (an S3 client) is rebuilt for the next.
/// </summary>
public sealed record Destination(string Name, DestinationOptions Options, string StorageClass, ObjectKeyTemplate KeyTemplate)
{
    public string Id => string.IsNullOrWhiteSpace(Options.Id) ? Name : Options.Id;

    public string Bucket => Options.Bucket!;

    /// <summary>What its objects hold around each message; the options have passed <see cref="DestinationsValidator"/>.</summary>
    public ObjectEnvelope Envelope { get; } = ObjectEnvelopes.TryParse(Options.Envelope, out var envelope) ? envelope : ObjectEnvelope.Data;

    /// <summary>What its objects hold (<c>Format</c>): messages, or rows of their records; the options have passed <see cref="DestinationsValidator"/>.</summary>
    public ObjectFormat Format { get; } = ObjectFormats.Of(Options);

    /// <summary>Its <c>Batch:PartitionBy</c>, parsed once: a message's partition, the batches it may join; null where it sets none.</summary>
    public ObjectKeyTemplate? PartitionBy { get; } = Options.Batch.PartitionBy is { } partitionBy ? ObjectKeyTemplate.ParsePartition(partitionBy) : null;

    public override string ToString() => $"{Name} ({Options})";
}
