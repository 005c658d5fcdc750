using System.Text.RegularExpressions;

namespace S3Consumer.Core.Destinations;

/// <summary>What a destination's assumed role (<c>RoleArn</c>, <c>ExternalId</c>, <c>RoleSessionName</c>) must look like: STS's own limits.</summary>
internal static partial class AssumedRoleRules
{
    /// <summary>What is wrong with the role settings of <paramref name="destination"/>, one line each.</summary>
    public static IEnumerable<string> Problems(DestinationOptions destination)
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

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();

    // arn:<partition>:iam::<account>:role/<path and name>, in every partition (aws, aws-cn, aws-us-gov, ...).
    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArnPattern();
}
