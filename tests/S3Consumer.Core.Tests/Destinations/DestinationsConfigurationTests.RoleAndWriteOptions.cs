using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Tests.Destinations;

/// <summary>A destination's role, encryption, checksum, owner, ACL and tags: bound as given, and refused at start with one line each when wrong.</summary>
public sealed partial class DestinationsConfigurationTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/writer";

    [Fact]
    public void Binds_every_key_and_defaults_the_session_name()
    {
        var options = Examples.Catalog(Valid(
            ("Destinations:crm:RoleArn", RoleArn), ("Destinations:crm:ExternalId", "tenant-42"),
            ("Destinations:crm:ServerSideEncryption", "aws:kms"), ("Destinations:crm:KmsKeyId", "alias/s3consumer"),
            ("Destinations:crm:ChecksumAlgorithm", "SHA256"), ("Destinations:crm:ExpectedBucketOwner", "123456789012"),
            ("Destinations:crm:Acl", "bucket-owner-full-control"), ("Destinations:crm:Tags:team", "data"), ("Destinations:crm:Tags:env", "prod"))).Resolve("crm").Options;

        Assert.Equal((RoleArn, "tenant-42", "s3consumer"), (options.RoleArn, options.ExternalId, options.RoleSessionName));
        Assert.Equal(("aws:kms", "alias/s3consumer", "SHA256"), (options.ServerSideEncryption, options.KmsKeyId, options.ChecksumAlgorithm));
        Assert.Equal(("123456789012", "bucket-owner-full-control"), (options.ExpectedBucketOwner, options.Acl));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "data", ["env"] = "prod" }, options.Tags);
    }

    [Theory]
    [InlineData("ServerSideEncryption", "aws:kms:dsse", "ServerSideEncryption 'aws:kms:dsse' is unknown; use one of AES256, aws:kms.")]
    [InlineData("ChecksumAlgorithm", "MD5", "ChecksumAlgorithm 'MD5' is unknown; use one of CRC32C, CRC32, SHA256, SHA1, none.")]
    [InlineData("Acl", "owner", "Acl 'owner' is not a canned ACL; use one of private, public-read, public-read-write, authenticated-read, aws-exec-read, bucket-owner-read, bucket-owner-full-control.")]
    [InlineData("ExpectedBucketOwner", "my-account", "ExpectedBucketOwner 'my-account' is not an AWS account id (12 digits).")]
    [InlineData("RoleArn", "arn:aws:s3:::bucket", "RoleArn 'arn:aws:s3:::bucket' is not a role's ARN such as arn:aws:iam::123456789012:role/s3consumer-writer.")]
    [InlineData("ExternalId", "tenant-42", "ExternalId needs RoleArn: it is sent when the role is assumed.")]
    [InlineData("KmsKeyId", "alias/s3consumer", "KmsKeyId needs ServerSideEncryption aws:kms beside it.")]
    [InlineData("RoleSessionName", "x", "RoleSessionName 'x' must be 2 to 64 characters of letters, digits and +=,.@-.")]
    public void A_wrong_value_stops_the_start_with_one_line_saying_what_to_fix(string key, string value, string says) =>
        Assert.Equal([$"Destination 'crm': {says}"], Failures(Valid(($"Destinations:crm:{key}", value))));

    [Fact]
    public void A_role_is_assumed_with_the_default_chain_so_static_keys_beside_it_are_refused() =>
        Assert.Equal(
            ["Destination 'crm': RoleArn and AccessKeyId exclude each other: the role is assumed with the default chain's credentials (environment, profile, web identity, instance role); remove AccessKeyId, SecretAccessKey and SessionToken."],
            Failures(Valid(("Destinations:crm:RoleArn", RoleArn), ("Destinations:crm:AccessKeyId", "AKIA1"), ("Destinations:crm:SecretAccessKey", "s"))));

    [Fact]
    public void More_than_ten_tags_or_tags_too_long_are_refused()
    {
        var tags = Enumerable.Range(1, 11).Select(i => ($"Destinations:crm:Tags:t{i}", "v")).ToArray();

        Assert.Equal(["Destination 'crm': Tags has 11 tags; S3 takes at most 10 per object."], Failures(Valid(tags)));
        Assert.Equal(
            [$"Destination 'crm': Tag key '{new string('k', 129)}' must be 1 to 128 characters of letters, digits, spaces and +-=._:/@.",
             "Destination 'crm': Tag 'team' has a value that is not up to 256 characters of letters, digits, spaces and +-=._:/@."],
            Failures(Valid(($"Destinations:crm:Tags:{new string('k', 129)}", "v"), ("Destinations:crm:Tags:team", new string('v', 257)))));
    }
}
