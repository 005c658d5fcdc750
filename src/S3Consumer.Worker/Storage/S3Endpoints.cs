using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Storage;

/// <summary>One S3 client and one retry pipeline per destination, made once at start.</summary>
public sealed class S3Endpoints : IDisposable
{
    private readonly Dictionary<string, S3Endpoint> byDestination;

    public S3Endpoints(DestinationCatalog destinations, IOptions<S3Options> options)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(options);
        byDestination = destinations.All.ToDictionary(
            destination => destination.Name,
            destination => new S3Endpoint(CreateClient(destination.Options), CreatePipeline(options.Value), destination.Options.ServiceUrl is not null),
            StringComparer.OrdinalIgnoreCase);
    }

    public S3Endpoint For(Destination destination) => byDestination[destination.Name];

    public void Dispose()
    {
        foreach (var endpoint in byDestination.Values)
        {
            endpoint.Client.Dispose();
        }
    }

    private static AmazonS3Client CreateClient(DestinationOptions destination)
    {
        var config = new AmazonS3Config
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(destination.Region),
            ForcePathStyle = destination.ForcePathStyle,
            MaxErrorRetry = 0, // Polly owns retries; two layers would multiply them.
        };
        if (destination.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = destination.Region;

            // S3-compatible servers may not verify (or may store) the SDK's flexible checksums.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        return Credentials(destination) is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    private static AWSCredentials? Credentials(DestinationOptions destination) => destination switch
    {
        { AccessKeyId: null or "" } => null,
        { SessionToken: null or "" } => new BasicAWSCredentials(destination.AccessKeyId, destination.SecretAccessKey),
        _ => new SessionAWSCredentials(destination.AccessKeyId, destination.SecretAccessKey, destination.SessionToken),
    };

    private static ResiliencePipeline CreatePipeline(S3Options options)
    {
        var transient = new PredicateBuilder().Handle<Exception>(S3Failures.IsTransient);
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.8,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}
