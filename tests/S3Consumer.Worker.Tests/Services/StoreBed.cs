using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// The worker's store on its own, without a broker or a host: objects written straight through <see cref="S3ObjectStore"/>,
/// with the worker's senders and retry pipelines for the <c>S3</c> options and default credential chain given.
/// </summary>
internal sealed class StoreBed : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().AddSingleton<WorkerTelemetry>().BuildServiceProvider();

    public StoreBed(S3Options? options = null, Func<Task<AWSCredentials>>? defaultChain = null)
    {
        Senders = new DestinationSenders(
            Microsoft.Extensions.Options.Options.Create(options ?? new S3Options { RetryDelay = TimeSpan.FromMilliseconds(50) }),
            services.GetRequiredService<WorkerTelemetry>(), NullLoggerFactory.Instance,
            defaultChain ?? (static () => Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync()));
        Store = new S3ObjectStore(Senders);
    }

    public DestinationSenders Senders { get; }

    public S3ObjectStore Store { get; }

    /// <summary>The instruments of this bed's senders alone.</summary>
    public WorkerTelemetry Telemetry => services.GetRequiredService<WorkerTelemetry>();

    /// <summary>A destination of these settings, writing under the default key template.</summary>
    public static Destination Destination(string name, DestinationOptions options) => new(name, options, "STANDARD", ObjectKeyTemplate.Default);

    /// <summary>The settings of a destination on <paramref name="serviceUrl"/>, path-style, with s3rver's key.</summary>
    public static DestinationOptions At(Uri serviceUrl, string bucket) => new()
    {
        Bucket = bucket, Region = TestServices.Region, ServiceUrl = serviceUrl, ForcePathStyle = true,
        AccessKeyId = TestServices.S3Key, SecretAccessKey = TestServices.S3Key,
    };

    /// <summary>The write of <c>{"data": ...}</c> around <paramref name="data"/> under <paramref name="key"/>.</summary>
    public static ObjectWrite Write(Destination destination, string key, string data = "{\"n\":1}") =>
        new(destination, key, [], new ObjectContent(Encoding.UTF8.GetBytes(data)));

    public void Dispose()
    {
        Senders.Dispose();
        services.Dispose();
    }
}
