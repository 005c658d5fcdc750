using Amazon.S3;

namespace S3Consumer.Core.Destinations;

/// <summary>
/// The names a destination may give its encryption, checksum and canned ACL, as S3 spells them, and the AWS SDK's
/// value for each; <c>none</c> turns the checksum off.
/// </summary>
public static class WriteOptionNames
{
    public const string NoChecksum = "none";

    private static readonly Dictionary<string, ServerSideEncryptionMethod> Encryptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AES256"] = ServerSideEncryptionMethod.AES256,
        ["aws:kms"] = ServerSideEncryptionMethod.AWSKMS,
    };

    private static readonly Dictionary<string, ChecksumAlgorithm?> Checksums = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CRC32C"] = ChecksumAlgorithm.CRC32C,
        ["CRC32"] = ChecksumAlgorithm.CRC32,
        ["SHA256"] = ChecksumAlgorithm.SHA256,
        ["SHA1"] = ChecksumAlgorithm.SHA1,
        [NoChecksum] = null,
    };

    private static readonly Dictionary<string, S3CannedACL> Acls = new(StringComparer.OrdinalIgnoreCase)
    {
        ["private"] = S3CannedACL.Private,
        ["public-read"] = S3CannedACL.PublicRead,
        ["public-read-write"] = S3CannedACL.PublicReadWrite,
        ["authenticated-read"] = S3CannedACL.AuthenticatedRead,
        ["aws-exec-read"] = S3CannedACL.AWSExecRead,
        ["bucket-owner-read"] = S3CannedACL.BucketOwnerRead,
        ["bucket-owner-full-control"] = S3CannedACL.BucketOwnerFullControl,
    };

    public static string EncryptionNames => string.Join(", ", Encryptions.Keys);

    public static string ChecksumNames => string.Join(", ", Checksums.Keys);

    public static string AclNames => string.Join(", ", Acls.Keys);

    public static bool TryParseEncryption(string name, out ServerSideEncryptionMethod method) => Encryptions.TryGetValue(name, out method!);

    /// <summary>A known name; <paramref name="algorithm"/> is null for <c>none</c>.</summary>
    public static bool TryParseChecksum(string name, out ChecksumAlgorithm? algorithm) => Checksums.TryGetValue(name, out algorithm);

    public static bool TryParseAcl(string name, out S3CannedACL acl) => Acls.TryGetValue(name, out acl!);
}
