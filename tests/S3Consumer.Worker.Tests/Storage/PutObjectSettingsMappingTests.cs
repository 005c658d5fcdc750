using Amazon.S3;
using Amazon.S3.Model;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>Each name a destination may give maps to the AWS SDK's value of the same name, whatever its case.</summary>
public sealed class PutObjectSettingsMappingTests
{
    [Theory]
    [InlineData("AES256", "AES256")]
    [InlineData("AWS:KMS", "aws:kms")]
    public void Encryption_maps_to_the_sdk_value(string given, string expected)
    {
        var request = Apply(new DestinationOptions { ServerSideEncryption = given });
        Assert.Equal(expected, request.ServerSideEncryptionMethod.Value);
        Assert.Same(ServerSideEncryptionMethod.FindValue(expected), request.ServerSideEncryptionMethod);
    }

    [Theory]
    [InlineData("crc32c", "CRC32C")]
    [InlineData("SHA1", "SHA1")]
    public void Checksum_maps_to_the_sdk_value(string given, string expected) =>
        Assert.Equal(expected, Apply(new DestinationOptions { ChecksumAlgorithm = given }).ChecksumAlgorithm.Value);

    [Fact]
    public void Checksum_none_sets_no_algorithm_even_on_aws() =>
        Assert.Null(Apply(new DestinationOptions { ChecksumAlgorithm = "none" }).ChecksumAlgorithm);

    [Fact]
    public void Acl_maps_to_the_canned_acl() =>
        Assert.Equal(S3CannedACL.BucketOwnerFullControl, Apply(new DestinationOptions { Acl = "Bucket-Owner-Full-Control" }).CannedACL);

    private static PutObjectRequest Apply(DestinationOptions destination)
    {
        var request = new PutObjectRequest();
        PutObjectSettings.Apply(request, destination);
        return request;
    }
}
