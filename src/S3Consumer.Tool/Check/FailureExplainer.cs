using System.Net.Sockets;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Tool.Check;

/// <summary>
/// Says in words why a destination did not take the probe, and what to change: the region, the policy, the bucket, the
/// key, the clock, a setting the bucket refuses. What a failure is comes from the worker (<see cref="S3Failures"/>);
/// this only puts each code into words.
/// </summary>
internal sealed partial class FailureExplainer(BucketRegionLookup regions, TimeProvider time)
{
    private const string SessionTokenHeader = "x-amz-security-token:";

    /// <summary>The code and the words for what the worker's store threw: the destination's refusal, or the probe's own.</summary>
    public async Task<(string Failure, string Explanation)> ExplainAsync(Destination destination, Exception error, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (error is UndeliverableMessageException { Reason: var reason })
        {
            return (UndeliverableReasons.Prefix(reason), error.Message);
        }

        var cause = error.InnerException ?? error;
        var failure = S3Failures.Classify(cause);
        var (name, bucket) = (destination.Name, destination.Bucket);
        var service = cause as AmazonServiceException;
        return (failure.Code, failure.Code switch
        {
            "NoSuchBucket" => $"Bucket '{bucket}' does not exist{Where(destination)}. Create it, or fix Destinations:{name}:Bucket.",
            "AccessDenied" or "AllAccessDisabled" =>
                $"The credentials may not write to '{bucket}'. Add to their IAM policy (or the bucket policy) this statement: {PutObjectPolicy(bucket)}",
            "InvalidAccessKeyId" => $"S3 does not know the access key id. Fix Destinations:{name}:AccessKeyId (or the AWS default chain's key).",
            "SignatureDoesNotMatch" => SignatureMismatch(destination, cause as S3RefusalException),
            _ when failure.RenewsCredentials =>
                $"S3 refused the credentials as expired or not valid ({failure.Code}). Renew Destinations:{name}:SessionToken, or check the role or the default chain's source: " +
                "their credentials were renewed once and refused again.",
            "RequestTimeTooSkewed" => $"This machine's clock ({time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC) is more than 15 minutes off S3's. Set it right (NTP).",
            "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException" or "301" =>
                await WrongRegionAsync(destination, service!, cancellation).ConfigureAwait(false),
            "InvalidStorageClass" => $"The endpoint does not take storage class {destination.StorageClass}. Change Destinations:{name}:StorageClass.",
            "AccessControlListNotSupported" => $"Bucket '{bucket}' does not allow ACLs (its Object Ownership is \"bucket owner enforced\"). Remove Destinations:{name}:Acl.",
            "NotImplemented" => $"The endpoint does not implement what the destination's settings ask for ({service!.Message}). Change the setting (Overwrite, Acl, Tags, ServerSideEncryption, ChecksumAlgorithm) or the endpoint.",
            var code when code.StartsWith("KMS.", StringComparison.Ordinal) =>
                $"S3 could not encrypt with the KMS key ({service!.Message}). Check Destinations:{name}:KmsKeyId, the key's state, and that the credentials may use it (kms:GenerateDataKey, kms:Encrypt).",
            "ClientConfiguration" when cause.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) =>
                $"No credentials were found. Set Destinations:{name}:AccessKeyId and SecretAccessKey, or configure the AWS default chain (environment, profile, web identity, container or instance role).",
            "ClientConfiguration" => $"The AWS SDK refused the destination before sending anything: {WithoutUserInfo(destination, cause.Message)}",
            "Timeout" => $"S3 did not answer in time{Where(destination)}. Check the endpoint and the network, or raise S3:AttemptTimeout.",
            "ConnectTimeout" => $"No connection to S3 could be opened in time{Where(destination)}. Check the endpoint, DNS and the network (a firewall that drops packets), or raise S3:ConnectTimeout.",
            _ when Unreachable(cause) is { } unreachable =>
                $"S3 cannot be reached{Where(destination)}: {WithoutUserInfo(destination, unreachable.Message)}. Check ServiceUrl, DNS, the network and TLS.",
            _ when service is not null && failure.Scope == S3FailureScope.Destination =>
                $"S3 refused a setting of the destination ({(int)service.StatusCode} {service.ErrorCode}: {service.Message}, request {service.RequestId}). Change it, or the bucket.",
            _ when service is not null => $"S3 answered {(int)service.StatusCode} {service.ErrorCode}: {service.Message} (request {service.RequestId}).",
            _ => $"{cause.GetType().Name}: {WithoutUserInfo(destination, cause.Message)}",
        });
    }

    /// <summary>The statement an IAM or bucket policy needs for the worker's only call, PutObject.</summary>
    public static string PutObjectPolicy(string bucket) =>
        $$"""{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::{{bucket}}/*"}""";

    /// <summary>
    /// S3 sends the string to sign it computed from the request it received: the same as the one signed means S3 got the
    /// request as it was sent, and the secret is wrong; another means something between changed the request, and the
    /// lines of the canonical requests that differ say what (the session token never shown).
    /// </summary>
    private static string SignatureMismatch(Destination destination, S3RefusalException? refusal)
    {
        var name = destination.Name;
        if (refusal is not { StringToSign: { } received, CanonicalRequest: { } receivedRequest, Signed: { } signed })
        {
            return $"The secret does not belong to the access key id. Fix Destinations:{name}:SecretAccessKey.";
        }

        if (received == signed.StringToSign)
        {
            return $"S3 received the request as it was signed, so the secret does not belong to the access key id. Fix Destinations:{name}:SecretAccessKey (or the AWS default chain's secret).";
        }

        var (sent, got) = (Lines(signed.CanonicalRequest), Lines(receivedRequest));
        var differences = sent.Except(got).Select(line => $"  signed:   {line}").Concat(got.Except(sent).Select(line => $"  received: {line}"));
        return "S3 received another request than the one signed: something between this machine and S3 (a proxy, a gateway, a load balancer) changed it. " +
               $"Let it pass S3's requests unchanged, or write around it. The canonical request's lines that differ:{Environment.NewLine}{string.Join(Environment.NewLine, differences)}";
    }

    // The canonical request's lines, a session token's value hidden.
    private static List<string> Lines(string canonicalRequest) =>
        [.. canonicalRequest.Split('\n').Select(line => line.StartsWith(SessionTokenHeader, StringComparison.Ordinal) ? SessionTokenHeader + "(the session token, not shown)" : line)];

    private async Task<string> WrongRegionAsync(Destination destination, AmazonServiceException error, CancellationToken cancellation)
    {
        var region = ExpectedRegion().Match(error.Message) is { Success: true } match
            ? match.Groups["region"].Value
            : await regions.FindAsync(destination, cancellation).ConfigureAwait(false);
        return region is null
            ? $"Bucket '{destination.Bucket}' is not in {destination.Options.Region} (S3 answered {error.ErrorCode}). Set Destinations:{destination.Name}:Region to the bucket's region."
            : $"Bucket '{destination.Bucket}' is in {region}, not {destination.Options.Region}. Set Destinations:{destination.Name}:Region to {region}.";
    }

    private static string Where(Destination destination) =>
        destination.Options.ServiceUrl is { } url ? $" at {url.Scheme}://{url.Authority}" : $" in {destination.Options.Region}";

    // A ServiceUrl may carry user:password, which the SDK's and the network's messages may quote.
    private static string WithoutUserInfo(Destination destination, string message) =>
        destination.Options.ServiceUrl is { UserInfo: { Length: > 0 } userInfo } ? message.Replace(userInfo, "***", StringComparison.Ordinal) : message;

    private static Exception? Unreachable(Exception? error) => error switch
    {
        null => null,
        HttpRequestException or SocketException or IOException => error,
        _ => Unreachable(error.InnerException),
    };

    // S3's AuthorizationHeaderMalformed: "the region 'us-east-1' is wrong; expecting 'eu-west-1'".
    [GeneratedRegex("expecting '(?<region>[a-z0-9-]+)'")]
    private static partial Regex ExpectedRegion();
}
