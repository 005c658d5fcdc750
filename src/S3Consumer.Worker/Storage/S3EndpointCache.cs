using System.Diagnostics;
using System.Runtime.CompilerServices;
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
/// the new <see cref="Destination"/> a reload brings (new credentials, endpoint, region). The previous client needs no
/// disposing: writes in flight still hold it and finish on it, and it goes with the last of them. Every client sends
/// over the one HTTP connection pool this cache owns.
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
    private readonly HttpMessageInvoker http;
    private readonly WorkerTelemetry telemetry;
    private readonly ILoggerFactory loggerFactory;

    public S3EndpointCache(IOptions<S3Options> options, WorkerTelemetry telemetry, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = options.Value;
        this.telemetry = telemetry;
        this.loggerFactory = loggerFactory;
        http = CreateHttpHandler(settings);
        var clientLogger = loggerFactory.CreateLogger<S3PutClient>();
        create = destination => new S3Endpoint(new S3PutClient(http, destination, clientLogger), CreatePipeline(destination.Name, settings));
    }

    internal S3Endpoint For(Destination destination) => byDestination.GetValue(destination, create);

    public void Dispose() => http.Dispose();

    // An invoker rather than an HttpClient: each attempt's timeout is Polly's (see AttemptTimeouts), and the client's
    // own timeout and buffering would cost every request without serving it.
    private static HttpMessageInvoker CreateHttpHandler(S3Options options) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = options.MaxConnections,

        // S3 answers a wrong region or a moved bucket with a redirect, which is the destination's to fix, not to follow.
        AllowAutoRedirect = false,
        UseCookies = false,

        // S3 spreads a bucket over many addresses that DNS rotates: connections are renewed to follow it.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });

    // Quick retries of transient failures only, each attempt under a timeout; what outlasts them makes the destination
    // unavailable (see S3Failures), so no write waits on a destination for long. Typed by the request id a write
    // answers, so that Polly runs it without converting each outcome to and from object.
    private ResiliencePipeline<string?> CreatePipeline(string destination, S3Options options)
    {
        return new ResiliencePipelineBuilder<string?>()
            .AddRetry(new RetryStrategyOptions<string?>
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
