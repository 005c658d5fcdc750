using Amazon.Runtime;
using Amazon.S3;

namespace S3Consumer.Testing;

/// <summary>Where the real RabbitMQ and S3-compatible server that scripts/services.sh starts are listening.</summary>
public static class TestServices
{
    public static Uri S3Url { get; } = new(Environment.GetEnvironmentVariable("S3CONSUMER_TEST_S3_URL") ?? "http://127.0.0.1:4568");

    public static string RabbitHost { get; } = Environment.GetEnvironmentVariable("S3CONSUMER_TEST_RABBIT_HOST") ?? "localhost";

    /// <summary>s3rver accepts only this key pair.</summary>
    public const string S3Key = "S3RVER";

    public const string Region = "us-east-1";

    /// <summary>An S3 client set up as the worker sets up its own for an S3-compatible endpoint.</summary>
    public static AmazonS3Client CreateS3Client(Uri? serviceUrl = null, int maxErrorRetry = 4) =>
        new(new BasicAWSCredentials(S3Key, S3Key), new AmazonS3Config
        {
            ServiceURL = (serviceUrl ?? S3Url).ToString(),
            AuthenticationRegion = Region,
            ForcePathStyle = true,
            MaxErrorRetry = maxErrorRetry,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
