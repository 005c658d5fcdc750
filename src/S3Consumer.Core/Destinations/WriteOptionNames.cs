namespace S3Consumer.Core.Destinations;

/// <summary>
/// The names a destination may give its encryption, checksum and canned ACL, as S3 spells them (the worker maps each to
/// the AWS SDK's value of the same name); <c>none</c> turns the checksum off.
/// </summary>
public static class WriteOptionNames
{
    public const string NoChecksum = "none";

    private static readonly string[] Encryptions = ["AES256", "aws:kms"];

    private static readonly string[] Checksums = ["CRC32C", "CRC32", "SHA256", "SHA1", NoChecksum];

    private static readonly string[] Acls =
    [
        "private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control",
    ];

    public static string EncryptionNames => string.Join(", ", Encryptions);

    public static string ChecksumNames => string.Join(", ", Checksums);

    public static string AclNames => string.Join(", ", Acls);

    /// <summary>The encryption's name as S3 spells it, whatever the case it was given in; null when unknown.</summary>
    public static string? Encryption(string name) => Canonical(Encryptions, name);

    /// <summary>The checksum's name as S3 spells it (<c>none</c> for none); null when unknown.</summary>
    public static string? Checksum(string name) => Canonical(Checksums, name);

    public static string? Acl(string name) => Canonical(Acls, name);

    private static string? Canonical(string[] names, string name) =>
        Array.Find(names, known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
}
