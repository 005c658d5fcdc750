using System.Text.RegularExpressions;

namespace S3Consumer.Core.Destinations;

/// <summary>What a destination's assumed role, encryption, checksum, owner, ACL and tags must look like: S3's and STS's own limits.</summary>
internal static partial class RoleAndWriteOptionsRules
{
    private const int MaxTags = 10;

    public static IEnumerable<string> Problems(DestinationOptions destination)
    {
        return RoleProblems(destination).Concat(WriteProblems(destination)).Concat(TagProblems(destination.Tags));
    }

    private static IEnumerable<string> RoleProblems(DestinationOptions destination)
    {
        if (destination.RoleArn is { } roleArn)
        {
            if (!RoleArnPattern().IsMatch(roleArn))
            {
                yield return $"RoleArn '{roleArn}' is not a role's ARN such as arn:aws:iam::123456789012:role/s3consumer-writer.";
            }

            if (!string.IsNullOrEmpty(destination.AccessKeyId))
            {
                yield return "RoleArn and AccessKeyId exclude each other: the role is assumed with the default chain's credentials (environment, profile, web identity, instance role); remove AccessKeyId, SecretAccessKey and SessionToken.";
            }
        }
        else if (destination.ExternalId is not null)
        {
            yield return "ExternalId needs RoleArn: it is sent when the role is assumed.";
        }

        if (destination.ExternalId is { } externalId && !ExternalIdPattern().IsMatch(externalId))
        {
            yield return "ExternalId must be 2 to 1224 characters of letters, digits and +=,.@:/-.";
        }

        if (!SessionNamePattern().IsMatch(destination.RoleSessionName))
        {
            yield return $"RoleSessionName '{destination.RoleSessionName}' must be 2 to 64 characters of letters, digits and +=,.@-.";
        }
    }

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

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")]
    private static partial Regex TagPattern();

    // arn:<partition>:iam::<account>:role/<path and name>, in every partition (aws, aws-cn, aws-us-gov, ...).
    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArnPattern();
}
