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
        if (destination.ServerSideEncryption is { } encryption && WriteOptionNames.TryParseEncryption(encryption, out var method))
        {
            request.ServerSideEncryptionMethod = method;
            request.ServerSideEncryptionKeyManagementServiceKeyId = destination.KmsKeyId;
        }

        request.ChecksumAlgorithm = Checksum(destination);
        request.ExpectedBucketOwner = destination.ExpectedBucketOwner;
        if (destination.Acl is { } acl && WriteOptionNames.TryParseAcl(acl, out var cannedAcl))
        {
            request.CannedACL = cannedAcl;
        }

        if (destination.Tags.Count > 0)
        {
            request.TagSet = [.. destination.Tags.Select(tag => new Tag { Key = tag.Key, Value = tag.Value })];
        }
    }

    /// <summary>
    /// Without an algorithm of its own the SDK would still add CRC32 on AWS; a destination that turned checksums off
    /// (or is not on AWS and named none) gets only those S3 requires.
    /// </summary>
    public static void ConfigureClient(AmazonS3Config config, DestinationOptions destination)
    {
        if (Checksum(destination) is null)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
        }
    }

    /// <summary>CRC32C on AWS by default, which Object Lock buckets require on every PUT; none elsewhere, where servers may not know it.</summary>
    private static ChecksumAlgorithm? Checksum(DestinationOptions destination) =>
        destination.ChecksumAlgorithm is { } name
            ? WriteOptionNames.TryParseChecksum(name, out var algorithm) ? algorithm : null
            : destination.ServiceUrl is null ? ChecksumAlgorithm.CRC32C : null;
}
