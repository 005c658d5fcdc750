using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>A destination's write options become S3's headers, spelled as S3 spells them whatever the case they were given in.</summary>
public sealed class DestinationHeadersTests
{
    [Fact]
    public void A_destination_with_every_option_sends_each_as_S3_names_it()
    {
        var options = new DestinationOptions
        {
            Bucket = "lake", Region = "us-east-1", ServerSideEncryption = "AWS:KMS", KmsKeyId = "key-1", ExpectedBucketOwner = "123456789012",
            Acl = "Bucket-Owner-Full-Control", Overwrite = false,
        };
        options.Tags["team"] = "data platform";
        options.Tags["a&b"] = "c=d";

        var headers = DestinationHeaders.For(Lake(options, "STANDARD_IA"), PutChecksum.For(options, aws: true));

        Assert.Equal(
            [
                new("x-amz-storage-class", "STANDARD_IA"), new("if-none-match", "*"), new("x-amz-server-side-encryption", "aws:kms"),
                new("x-amz-server-side-encryption-aws-kms-key-id", "key-1"), new("x-amz-sdk-checksum-algorithm", "CRC32C"),
                new("x-amz-expected-bucket-owner", "123456789012"), new("x-amz-acl", "bucket-owner-full-control"),
                new("x-amz-tagging", "team=data%20platform&a%26b=c%3Dd"),
            ],
            headers);
    }

    [Fact]
    public void A_plain_destination_sends_its_storage_class_only()
    {
        var options = new DestinationOptions { Bucket = "lake", Region = "us-east-1", ServiceUrl = new Uri("http://127.0.0.1:4568") };

        Assert.Equal([new("x-amz-storage-class", "STANDARD")], DestinationHeaders.For(Lake(options, "STANDARD"), PutChecksum.For(options, aws: false)));
    }

    [Fact]
    public void AES256_encryption_sends_no_key_id()
    {
        var options = new DestinationOptions { Bucket = "lake", Region = "us-east-1", ServerSideEncryption = "aes256", KmsKeyId = "ignored", ChecksumAlgorithm = "none" };

        Assert.Equal(
            [new("x-amz-storage-class", "GLACIER"), new("x-amz-server-side-encryption", "AES256")],
            DestinationHeaders.For(Lake(options, "GLACIER"), PutChecksum.For(options, aws: true)));
    }

    private static Destination Lake(DestinationOptions options, string storageClass) => new("lake", options, storageClass, ObjectKeyTemplate.Default);
}
