using S3Consumer.Core.Batches;

namespace S3Consumer.Core.Destinations;

/// <summary>One destination, bound from <c>Destinations:&lt;name&gt;</c>.</summary>
public sealed class DestinationOptions
{
    public string? Bucket { get; set; }
    public string? Region { get; set; }

    /// <summary>Static credentials; without them the AWS default credential chain is used.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }
    public string? SessionToken { get; set; }

    /// <summary>A JMESPath template for object keys; the default key when absent.</summary>
    public string? ObjectKeyTemplate { get; set; }

    public string StorageClass { get; set; } = "STANDARD";

    /// <summary>Becomes <c>metadata.destinationId</c>; the destination's name when absent.</summary>
    public string? Id { get; set; }

    /// <summary>An S3-compatible endpoint (MinIO, R2, a local test server) instead of AWS.</summary>
    public Uri? ServiceUrl { get; set; }

    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// False writes with <c>If-None-Match: *</c>: an object already under the key is kept, and the write counts as done.
    /// </summary>
    public bool Overwrite { get; set; } = true;

    /// <summary>Many messages per object (NDJSON) instead of one; off unless <c>Batch:MaxMessages</c> is above 0.</summary>
    public BatchOptions Batch { get; set; } = new();

    /// <summary>Describes the destination without its secrets, so it is safe to log.</summary>
    public override string ToString() =>
        $"Bucket = {Bucket}, Region = {Region}, StorageClass = {StorageClass}, ServiceUrl = {ServiceUrl}, Overwrite = {Overwrite}, " +
        $"Credentials = {(AccessKeyId is null ? "default chain" : $"static ({AccessKeyId}, secret ***)")}";
}
