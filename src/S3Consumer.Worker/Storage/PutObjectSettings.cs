using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// A destination's encryption, checksum, expected owner, canned ACL and tags, set on the SDK's own request fields
/// (the SDK turns them into headers and signs them).
/// </summary>
internal static class PutObjectSettings
{
    public static void Apply(PutObjectRequest request, DestinationOptions destination)
    {
        if (destination.ServerSideEncryption is { } name && WriteOptionNames.Encryption(name) is { } encryption)
        {
            request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(encryption);
            request.ServerSideEncryptionKeyManagementServiceKeyId = destination.KmsKeyId;
        }

        request.ChecksumAlgorithm = Checksum(destination);
        request.ExpectedBucketOwner = destination.ExpectedBucketOwner;
        if (destination.Acl is { } aclName && WriteOptionNames.Acl(aclName) is { } acl)
        {
            request.CannedACL = S3CannedACL.FindValue(acl);
        }

        if (destination.Tags.Count > 0)
        {
            request.TagSet = [.. destination.Tags.Select(tag => new Tag { Key = tag.Key, Value = tag.Value })];
        }
    }

    /// <summary>
    /// The SDK computes a request's checksum only when its client is set to: always for a destination that names an
    /// algorithm (S3-compatible servers included), never beyond what S3 requires for one that has none (without that,
    /// the SDK would add CRC32 on AWS).
    /// </summary>
    public static void ConfigureClient(AmazonS3Config config, DestinationOptions destination) =>
        config.RequestChecksumCalculation = Checksum(destination) is null
            ? RequestChecksumCalculation.WHEN_REQUIRED
            : RequestChecksumCalculation.WHEN_SUPPORTED;

    /// <summary>CRC32C on AWS by default, which Object Lock buckets require on every PUT; none elsewhere, where servers may not know it.</summary>
    private static ChecksumAlgorithm? Checksum(DestinationOptions destination) =>
        destination.ChecksumAlgorithm is { } name
            ? WriteOptionNames.Checksum(name) is { } algorithm and not WriteOptionNames.NoChecksum ? ChecksumAlgorithm.FindValue(algorithm) : null
            : destination.ServiceUrl is null ? ChecksumAlgorithm.CRC32C : null;
}
