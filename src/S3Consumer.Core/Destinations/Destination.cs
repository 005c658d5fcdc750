using Amazon.S3;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Destinations;

/// <summary>A validated destination: where and how its objects are written.</summary>
public sealed record Destination(string Name, DestinationOptions Options, S3StorageClass StorageClass, ObjectKeyTemplate KeyTemplate)
{
    public string Id => string.IsNullOrWhiteSpace(Options.Id) ? Name : Options.Id;

    public string Bucket => Options.Bucket!;

    public override string ToString() => $"{Name} ({Options})";
}
