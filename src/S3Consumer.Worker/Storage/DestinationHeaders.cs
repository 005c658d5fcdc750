using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// The headers every PUT of a destination carries, whatever the object: its storage class, no-overwrite condition,
/// encryption, checksum algorithm, expected owner, canned ACL and tags, as S3 names them (lower case, for signing).
/// </summary>
internal static class DestinationHeaders
{
    public static KeyValuePair<string, string>[] For(Destination destination, PutChecksum? checksum)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var options = destination.Options;
        var headers = new List<KeyValuePair<string, string>> { new("x-amz-storage-class", destination.StorageClass) };
        Add(headers, "if-none-match", options.Overwrite ? null : "*");
        if (options.ServerSideEncryption is { } name && WriteOptionNames.Encryption(name) is { } encryption)
        {
            Add(headers, "x-amz-server-side-encryption", encryption);
            Add(headers, "x-amz-server-side-encryption-aws-kms-key-id", options.KmsKeyId);
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

    private static void Add(List<KeyValuePair<string, string>> headers, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers.Add(new(name, value));
        }
    }
}
