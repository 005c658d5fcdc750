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

    /// <summary>A role to assume (STS AssumeRole) for the writes; the credentials that assume it come from the default chain.</summary>
    public string? RoleArn { get; set; }

    /// <summary>The external id the role's trust policy asks for; an identifier, not a secret.</summary>
    public string? ExternalId { get; set; }

    public string RoleSessionName { get; set; } = "s3consumer";

    /// <summary><c>AES256</c> or <c>aws:kms</c>; none leaves it to the bucket's default encryption.</summary>
    public string? ServerSideEncryption { get; set; }

    /// <summary>The KMS key for <c>aws:kms</c>; the bucket's (or AWS managed) key when absent.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary><c>CRC32C</c>, <c>CRC32</c>, <c>SHA256</c>, <c>SHA1</c> or <c>none</c>; CRC32C on AWS and none elsewhere when absent.</summary>
    public string? ChecksumAlgorithm { get; set; }

    /// <summary>The AWS account id that must own the bucket, so a bucket re-created by someone else gets nothing.</summary>
    public string? ExpectedBucketOwner { get; set; }

    /// <summary>A canned ACL, e.g. <c>bucket-owner-full-control</c>.</summary>
    public string? Acl { get; set; }

    /// <summary>Static tags set on every object.</summary>
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

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

    /// <summary>
    /// <c>data</c> writes <c>{"data": &lt;message&gt;}</c>, as the source document does; <c>none</c> writes the message
    /// itself, as Ampersand's S3 destination does. A batch line holds the same.
    /// </summary>
    public string Envelope { get; set; } = "data";

    /// <summary><c>message</c>, <c>records</c> or <c>parquet</c>: what the objects hold (see <see cref="Rows.ObjectFormat"/>).</summary>
    public string Format { get; set; } = "message";

    /// <summary>Many messages per object (NDJSON) instead of one; off unless <c>Batch:MaxMessages</c> is above 0.</summary>
    public BatchOptions Batch { get; set; } = new();

    /// <summary>Describes the destination without its secrets, so it is safe to log.</summary>
    public override string ToString() =>
        $"Bucket = {Bucket}, Region = {Region}, Format = {Format}, StorageClass = {StorageClass}, ServiceUrl = {ServiceUrl}, Overwrite = {Overwrite}, Envelope = {Envelope}, " +
        $"Credentials = {(AccessKeyId is null ? "default chain" : $"static ({AccessKeyId}, secret ***)")}" +
        (RoleArn is null ? "" : $", RoleArn = {RoleArn}, ExternalId = {ExternalId}, RoleSessionName = {RoleSessionName}") +
        (ServerSideEncryption is null ? "" : $", ServerSideEncryption = {ServerSideEncryption}, KmsKeyId = {KmsKeyId}") +
        (ChecksumAlgorithm is null ? "" : $", ChecksumAlgorithm = {ChecksumAlgorithm}") +
        (ExpectedBucketOwner is null ? "" : $", ExpectedBucketOwner = {ExpectedBucketOwner}") +
        (Acl is null ? "" : $", Acl = {Acl}") +
        (Tags.Count == 0 ? "" : $", Tags = {string.Join(' ', Tags.Keys)}");
}
