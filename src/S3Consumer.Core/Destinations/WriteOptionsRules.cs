using System.Text.RegularExpressions;

namespace S3Consumer.Core.Destinations;

/// <summary>What a destination's settings of each PUT (encryption, checksum, bucket owner, ACL and tags) must look like: S3's own limits.</summary>
internal static partial class WriteOptionsRules
{
    private const int MaxTags = 10;

    /// <summary>What is wrong with the write settings of <paramref name="destination"/>, one line each.</summary>
    public static IEnumerable<string> Problems(DestinationOptions destination) => WriteProblems(destination).Concat(TagProblems(destination.Tags));

    private static IEnumerable<string> WriteProblems(DestinationOptions destination)
    {
        var encryption = destination.ServerSideEncryption;
        if (encryption is not null && WriteOptionNames.Encryption(encryption) is null)
        {
            yield return $"ServerSideEncryption '{encryption}' is unknown; use one of {WriteOptionNames.EncryptionNames}.";
        }

        if (destination.KmsKeyId is not null && !string.Equals(encryption, "aws:kms", StringComparison.OrdinalIgnoreCase))
        {
            yield return "KmsKeyId needs ServerSideEncryption aws:kms beside it.";
        }

        if (destination.ChecksumAlgorithm is { } checksum && WriteOptionNames.Checksum(checksum) is null)
        {
            yield return $"ChecksumAlgorithm '{checksum}' is unknown; use one of {WriteOptionNames.ChecksumNames}.";
        }

        if (destination.ExpectedBucketOwner is { } owner && !AccountIdPattern().IsMatch(owner))
        {
            yield return $"ExpectedBucketOwner '{owner}' is not an AWS account id (12 digits).";
        }

        if (destination.Acl is { } acl && WriteOptionNames.Acl(acl) is null)
        {
            yield return $"Acl '{acl}' is not a canned ACL; use one of {WriteOptionNames.AclNames}.";
        }
    }

    private static IEnumerable<string> TagProblems(Dictionary<string, string> tags)
    {
        if (tags.Count > MaxTags)
        {
            yield return $"Tags has {tags.Count} tags; S3 takes at most {MaxTags} per object.";
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length > 128 || !TagPattern().IsMatch(key))
            {
                yield return $"Tag key '{key}' must be 1 to 128 characters of letters, digits, spaces and +-=._:/@.";
            }

            if (value.Length > 256 || (value.Length > 0 && !TagPattern().IsMatch(value)))
            {
                yield return $"Tag '{key}' has a value that is not up to 256 characters of letters, digits, spaces and +-=._:/@.";
            }
        }
    }

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")]
    private static partial Regex TagPattern();
}
