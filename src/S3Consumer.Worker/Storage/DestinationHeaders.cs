using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// The headers every PUT of a destination carries, whatever the object: its storage class, no-overwrite condition,
/// encryption, checksum algorithm, expected owner, canned ACL and tags, as S3 names them (lower case, for signing).
/// </summary>
internal static class DestinationHeaders
{
    // The checksum's own header, x-amz-checksum-<algorithm>, sent beside x-amz-sdk-checksum-algorithm.
    private const string ChecksumPrefix = "x-amz-checksum-";

    private static readonly string[] Names =
    [
        "x-amz-storage-class", "if-none-match", "x-amz-server-side-encryption", "x-amz-sdk-checksum-algorithm", "x-amz-expected-bucket-owner",
        "x-amz-acl", "x-amz-tagging", ChecksumPrefix,
    ];

    public static KeyValuePair<string, string>[] For(Destination destination, PutChecksum? checksum)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var options = destination.Options;
        var headers = new List<KeyValuePair<string, string>> { new("x-amz-storage-class", destination.StorageClass) };
        Add(headers, "if-none-match", options.Overwrite ? null : "*");
        if (options.ServerSideEncryption is { } name && WriteOptionNames.Encryption(name) is { } encryption)
        {
            Add(headers, "x-amz-server-side-encryption", encryption);

            // A key id goes with KMS encryption only: S3 refuses one beside AES256.
            Add(headers, "x-amz-server-side-encryption-aws-kms-key-id", encryption == "aws:kms" ? options.KmsKeyId : null);
        }

        Add(headers, "x-amz-sdk-checksum-algorithm", checksum?.Algorithm);
        Add(headers, "x-amz-expected-bucket-owner", options.ExpectedBucketOwner);
        Add(headers, "x-amz-acl", options.Acl is { } acl ? WriteOptionNames.Acl(acl) : null);
        if (options.Tags.Count > 0)
        {
            Add(headers, "x-amz-tagging", string.Join('&', options.Tags.Select(tag => $"{Uri.EscapeDataString(tag.Key)}={Uri.EscapeDataString(tag.Value)}")));
        }

        return [.. headers];
    }

    /// <summary>
    /// Whether <paramref name="text"/> (an argument S3 names, or its message) names a header that a destination's
    /// settings send, rather than one of the message's: the refusal is then the destination's.
    /// </summary>
    public static bool Named(string? text) =>
        text is { Length: > 0 } && Array.Exists(Names, name => text.Contains(name, StringComparison.OrdinalIgnoreCase));

    private static void Add(List<KeyValuePair<string, string>> headers, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers.Add(new(name, value));
        }
    }
}
