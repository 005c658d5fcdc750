namespace S3Consumer.Worker.Tests.Services;

/// <summary>Where the real RabbitMQ and S3-compatible server that scripts/test.sh starts are listening.</summary>
internal static class TestServices
{
    public static Uri S3Url { get; } = new(Environment.GetEnvironmentVariable("S3CONSUMER_TEST_S3_URL") ?? "http://127.0.0.1:4568");

    public static string RabbitHost { get; } = Environment.GetEnvironmentVariable("S3CONSUMER_TEST_RABBIT_HOST") ?? "localhost";

    /// <summary>s3rver accepts only this key pair.</summary>
    public const string S3Key = "S3RVER";

    public const string Region = "us-east-1";
}
