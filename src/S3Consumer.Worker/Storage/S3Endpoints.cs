using System.Diagnostics;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// One S3 client and one retry pipeline per destination, made when the first message needs them, and made again for
/// the new <see cref="Destination"/> a reload brings (new credentials, endpoint, region). The previous client is not
/// disposed: writes in flight still hold it and finish on it, and it goes with the last of them (its HTTP connections
/// are the SDK's cached HttpClient, shared by clients of the same settings, so none are left open).
/// </summary>
public sealed partial class S3Endpoints : IDisposable
{
    /// <summary>Set on a write's resilience context: once the worker is stopping, a failed attempt is not retried.</summary>
    public static readonly ResiliencePropertyKey<CancellationToken> Stopping = new("s3consumer.stopping");

    private readonly ConditionalWeakTable<Destination, S3Endpoint> byDestination = new();
    private readonly ConditionalWeakTable<Destination, S3Endpoint>.CreateValueCallback create;
    private readonly S3Options options;
    private readonly WorkerTelemetry telemetry;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger<S3Endpoints> logger;

    public S3Endpoints(IOptions<S3Options> options, WorkerTelemetry telemetry, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.options = options.Value;
        this.telemetry = telemetry;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<S3Endpoints>();
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

        PutObjectSettings.ConfigureClient(config, destination);
        return DestinationCredentials.For(destination) is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    private ResiliencePipeline CreatePipeline(string destination, S3Options options)
    {
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = attempt => ValueTask.FromResult(
                    attempt.Outcome.Exception is { } error && S3Failures.IsTransient(error)
                    && !attempt.Context.Properties.GetValue(Stopping, default).IsCancellationRequested),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = retry =>
                {
                    telemetry.Retries.Add(1, new KeyValuePair<string, object?>(WorkerTelemetry.DestinationTag, destination));
                    Activity.Current?.SetTag("s3consumer.retry_attempts", retry.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // A short window, so that minutes of successes before an outage don't keep the circuit closed through it.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(S3Failures.IsTransient),
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(2),
                BreakDuration = options.BreakDuration,
                OnOpened = opened =>
                {
                    LogCircuitOpened(destination, opened.BreakDuration, opened.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(destination);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .ConfigureTelemetry(loggerFactory)
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 for destination {Destination} keeps failing ({Error}); writes pause for {BreakDuration}")]
    private partial void LogCircuitOpened(string destination, TimeSpan breakDuration, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 for destination {Destination} answers again; writes resume")]
    private partial void LogCircuitClosed(string destination);
}
