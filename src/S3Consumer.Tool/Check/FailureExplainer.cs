using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Polly.CircuitBreaker;
using Polly.Timeout;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Tool.Check;

/// <summary>Says in words why a destination refused the probe, and what to change: the region, the policy, the bucket, the key, the clock.</summary>
internal sealed partial class FailureExplainer(BucketRegionLookup regions, TimeProvider time)
{
    public async Task<(string Failure, string Explanation)> ExplainAsync(Destination destination, Exception error, CancellationToken cancellation)
    {
        var name = destination.Name;
        var bucket = destination.Bucket;
        return error switch
        {
            AmazonServiceException { ErrorCode: "NoSuchBucket" } =>
                ("NoSuchBucket", $"Bucket '{bucket}' does not exist{Where(destination)}. Create it, or fix Destinations:{name}:Bucket."),
            AmazonServiceException { ErrorCode: "AccessDenied" or "AllAccessDisabled" } service =>
                (service.ErrorCode, $"The credentials may not write to '{bucket}'. Add to their IAM policy (or the bucket policy) this statement: {PutObjectPolicy(bucket)}"),
            AmazonServiceException { ErrorCode: "InvalidAccessKeyId" } =>
                ("InvalidAccessKeyId", $"S3 does not know the access key id. Fix Destinations:{name}:AccessKeyId (or the AWS default chain's key)."),
            AmazonServiceException { ErrorCode: "SignatureDoesNotMatch" } =>
                ("SignatureDoesNotMatch", $"The secret does not belong to the access key id. Fix Destinations:{name}:SecretAccessKey."),
            AmazonServiceException { ErrorCode: "ExpiredToken" or "TokenRefreshRequired" or "InvalidToken" } service =>
                (service.ErrorCode, $"The session token has expired or is not valid. Renew Destinations:{name}:SessionToken, or use long-lived credentials."),
            AmazonServiceException { ErrorCode: "RequestTimeTooSkewed" } =>
                ("RequestTimeTooSkewed", $"This machine's clock ({time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC) is more than 15 minutes off S3's. Set it right (NTP)."),
            AmazonServiceException { ErrorCode: "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException" } or AmazonServiceException { StatusCode: System.Net.HttpStatusCode.MovedPermanently } =>
                await WrongRegionAsync(destination, (AmazonServiceException)error, cancellation).ConfigureAwait(false),
            AmazonServiceException { ErrorCode: "InvalidStorageClass" } =>
                ("InvalidStorageClass", $"The endpoint does not take storage class {destination.StorageClass}. Change Destinations:{name}:StorageClass."),
            AmazonServiceException service =>
                (service.ErrorCode ?? ((int)service.StatusCode).ToString(CultureInfo.InvariantCulture),
                    $"S3 answered {(int)service.StatusCode} {service.ErrorCode}: {service.Message} (request {service.RequestId})."),
            AmazonClientException client when client.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) =>
                ("NoCredentials", $"No credentials were found. Set Destinations:{name}:AccessKeyId and SecretAccessKey, or configure the AWS default chain (environment, profile, instance role)."),
            TimeoutRejectedException or TimeoutException =>
                ("Timeout", $"S3 did not answer in time{Where(destination)}. Check the endpoint and the network, or raise S3:AttemptTimeout."),
            BrokenCircuitException => ("Unavailable", $"S3 kept failing{Where(destination)}; the worker would wait and try again."),
            _ when Unreachable(error) is { } cause =>
                ("Unreachable", $"S3 cannot be reached{Where(destination)}: {cause.Message}. Check ServiceUrl, DNS, the network and TLS."),
            _ => (error.GetType().Name, error.Message),
        };
    }

    /// <summary>The statement an IAM or bucket policy needs for the worker's only call, PutObject.</summary>
    public static string PutObjectPolicy(string bucket) =>
        $$"""{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::{{bucket}}/*"}""";

    private async Task<(string, string)> WrongRegionAsync(Destination destination, AmazonServiceException error, CancellationToken cancellation)
    {
        var region = ExpectedRegion().Match(error.Message) is { Success: true } match
            ? match.Groups["region"].Value
            : await regions.FindAsync(destination, cancellation).ConfigureAwait(false);
        return ("WrongRegion", region is null
            ? $"Bucket '{destination.Bucket}' is not in {destination.Options.Region} (S3 answered {error.ErrorCode}). Set Destinations:{destination.Name}:Region to the bucket's region."
            : $"Bucket '{destination.Bucket}' is in {region}, not {destination.Options.Region}. Set Destinations:{destination.Name}:Region to {region}.");
    }

    private static string Where(Destination destination) =>
        destination.Options.ServiceUrl is { } url ? $" at {url.GetLeftPart(UriPartial.Authority)}" : $" in {destination.Options.Region}";

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
