using System.Diagnostics;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// One S3 client and one retry pipeline per destination, made when the first message needs them, and made again for
/// the new <see cref="Destination"/> a reload brings (new credentials, endpoint, region). The previous client is not
/// disposed: writes in flight still hold it and finish on it, and it goes with the last of them (its HTTP connections
/// are the SDK's cached HttpClient, shared by clients of the same settings, so none are left open).
/// </summary>
public sealed class S3EndpointCache : IDisposable
{
    /// <summary>Set on a write's resilience context: a failed attempt is retried only while it answers true.</summary>
    public static readonly ResiliencePropertyKey<Func<bool>> MayRetry = new("s3consumer.may-retry");

    /// <summary>Set on a write's resilience context when a retried attempt ended without S3's answer (see <see cref="S3Failure.MayHaveStored"/>).</summary>
    public static readonly ResiliencePropertyKey<bool> AnAttemptMayHaveStored = new("s3consumer.an-attempt-may-have-stored");

    /// <summary>Set on a write's resilience context: the object's size, which lengthens each attempt's timeout (see <see cref="AttemptTimeouts"/>).</summary>
    public static readonly ResiliencePropertyKey<long> BodyLength = new("s3consumer.body-length");

    private readonly ConditionalWeakTable<Destination, S3Endpoint> byDestination = new();
    private readonly ConditionalWeakTable<Destination, S3Endpoint>.CreateValueCallback create;
    private readonly S3Options options;
    private readonly WorkerTelemetry telemetry;
    private readonly ILoggerFactory loggerFactory;

    public S3EndpointCache(IOptions<S3Options> options, WorkerTelemetry telemetry, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.options = options.Value;
        this.telemetry = telemetry;
        this.loggerFactory = loggerFactory;
        create = destination => new S3Endpoint(CreateClient(destination.Options, this.options), CreatePipeline(destination.Name, this.options));
    }

    public S3Endpoint For(Destination destination) => byDestination.GetValue(destination, create);

    public void Dispose()
    {
        foreach (var (_, endpoint) in byDestination)
        {
            endpoint.Client.Dispose();
        }
    }

    private static AmazonS3Client CreateClient(DestinationOptions destination, S3Options options)
    {
        var config = new AmazonS3Config
        {
            MaxConnectionsPerServer = options.MaxConnections,
            RegionEndpoint = RegionEndpoint.GetBySystemName(destination.Region),
            ForcePathStyle = destination.ForcePathStyle,
            // Polly owns retries; two layers would multiply them. The SDK still corrects clock skew: it records the
            // server's clock from every answer (RequestTimeTooSkewed's included), and the next attempt is signed with it.
            MaxErrorRetry = 0,
            EndpointProvider = new BucketEndpointProvider(),
        };
        if (destination.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = destination.Region;

            // S3-compatible servers may not verify (or may store) the SDK's flexible checksums.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        PutObjectSettings.ConfigureClient(config, destination);
        return DestinationCredentials.For(destination) is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    // Quick retries of transient failures only, each attempt under a timeout; what outlasts them makes the destination
    // unavailable (see S3Failures), so no write waits on a destination for long.
    private ResiliencePipeline CreatePipeline(string destination, S3Options options)
    {
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = attempt => ValueTask.FromResult(
                    attempt.Outcome.Exception is { } error && S3Failures.Classify(error).Scope == S3FailureScope.Transient
                    && attempt.Context.Properties.GetValue(MayRetry, static () => true)()),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = retry =>
                {
                    if (retry.Outcome.Exception is { } error && S3Failures.Classify(error).MayHaveStored)
                    {
                        retry.Context.Properties.Set(AnAttemptMayHaveStored, true);
                    }

                    telemetry.Retries.Add(1, new KeyValuePair<string, object?>(WorkerTelemetry.DestinationTag, destination));
                    Activity.Current?.SetTag("s3consumer.retry_attempts", retry.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                // The generator decides; the base is set too so that Polly checks it against its bounds as it builds.
                Timeout = options.AttemptTimeout,
                TimeoutGenerator = timeout => ValueTask.FromResult(AttemptTimeouts.For(options.AttemptTimeout, timeout.Context.Properties.GetValue(BodyLength, 0L))),
            })

            // Polly's events stay in its metrics and at Debug: the destination's availability says it in one line.
            .ConfigureTelemetry(new TelemetryOptions { LoggerFactory = loggerFactory, SeverityProvider = _ => ResilienceEventSeverity.Debug })
            .Build();
    }
}
