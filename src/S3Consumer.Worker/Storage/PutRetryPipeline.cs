using System.Diagnostics;
using System.Runtime.CompilerServices;
using Polly;
using Polly.Hedging;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// The retry logic of one destination's PUTs, acting on what <see cref="S3Failures"/> says a failure means: quick retries
/// of transient failures only, each attempt under a timeout that grows with the object (<see cref="AttemptTimeouts"/>),
/// and one attempt more with renewed credentials when S3 refused them as expired. Within an attempt, a PUT not answered
/// after <see cref="S3Options.HedgeDelay"/> is sent again and the first answer taken (a hedge). What outlasts them makes
/// the destination unavailable, so no write waits on a destination for long. Typed by the request id a write answers, so
/// that Polly runs it without converting each outcome to and from object.
/// </summary>
public static class PutRetryPipeline
{
    /// <summary>Set on a write's resilience context: a failed attempt is retried only while it answers true.</summary>
    public static readonly ResiliencePropertyKey<Func<bool>> MayRetry = new("s3consumer.may-retry");

    /// <summary>
    /// Set on a write's resilience context, and set true when a retried attempt ended without S3's answer, or a hedged one
    /// was abandoned (see <see cref="S3Failure.MayHaveStored"/>). A box, so that the hedges' copies of the context share it.
    /// </summary>
    public static readonly ResiliencePropertyKey<StrongBox<bool>> AnAttemptMayHaveStored = new("s3consumer.an-attempt-may-have-stored");

    /// <summary>Set on a write's resilience context: the object's size, which lengthens each attempt's timeout (see <see cref="AttemptTimeouts"/>).</summary>
    public static readonly ResiliencePropertyKey<long> BodyLength = new("s3consumer.body-length");

    // Set on a write's resilience context once its credentials were renewed: they are renewed once a write.
    private static readonly ResiliencePropertyKey<bool> CredentialsRenewed = new("s3consumer.credentials-renewed");

    internal static ResiliencePipeline<string?> Create(
        string destination, DestinationCredentials credentials, S3Options options, WorkerTelemetry telemetry, ILoggerFactory loggerFactory)
    {
        var pipeline = new ResiliencePipelineBuilder<string?>()
            .AddRetry(new RetryStrategyOptions<string?>
            {
                ShouldHandle = attempt => ValueTask.FromResult(
                    attempt.Outcome.Exception is { } error && S3Failures.Classify(error) is var failure
                    && (failure.Scope == S3FailureScope.Transient
                        || failure.RenewsCredentials && credentials.Renewable && !attempt.Context.Properties.GetValue(CredentialsRenewed, false))
                    && attempt.Context.Properties.GetValue(MayRetry, static () => true)()),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = retry =>
                {
                    var failure = S3Failures.Classify(retry.Outcome.Exception!);
                    if (failure.MayHaveStored)
                    {
                        NoteMayHaveStored(retry.Context);
                    }

                    if (failure.RenewsCredentials)
                    {
                        credentials.Renew();
                        retry.Context.Properties.Set(CredentialsRenewed, true);
                    }

                    telemetry.Retries.Add(1, new KeyValuePair<string, object?>(WorkerTelemetry.DestinationTag, destination));
                    Activity.Current?.SetTag("s3consumer.retry_attempts", retry.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            });
        if (options.HedgeDelay > TimeSpan.Zero && options.HedgeDelay < options.AttemptTimeout)
        {
            pipeline.AddHedging(Hedging(destination, options, telemetry));
        }

        return pipeline
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

    // One PUT more when the first has gone unanswered for the hedge delay (longer for a larger object, as the attempt's
    // timeout is). The first answer, a failure or a timeout too, is the attempt's, for the retries to judge; the other
    // PUT is cancelled. Up to a tenth of the connections carry hedges at once: past that, a PUT waits for its own answer.
    private static HedgingStrategyOptions<string?> Hedging(string destination, S3Options options, WorkerTelemetry telemetry)
    {
        // Taken without waiting, and never disposed: nothing uses its wait handle.
        var hedges = new SemaphoreSlim(Math.Max(1, options.MaxConnections / 10));
        return new HedgingStrategyOptions<string?>
        {
            MaxHedgedAttempts = 1,
            DelayGenerator = hedge => ValueTask.FromResult(AttemptTimeouts.For(options.HedgeDelay, hedge.Context.Properties.GetValue(BodyLength, 0L))),
            ShouldHandle = static _ => PredicateResult.False(),
            ActionGenerator = hedge => hedges.Wait(0)
                ? async () =>
                {
                    try
                    {
                        return await hedge.Callback(hedge.ActionContext).ConfigureAwait(false);
                    }
                    finally
                    {
                        hedges.Release();
                    }
                }
                : null,
            OnHedging = hedge =>
            {
                // The first PUT goes on, and is cancelled if the hedge answers first: S3 may have stored it by then.
                NoteMayHaveStored(hedge.PrimaryContext);
                telemetry.Hedges.Add(1, new KeyValuePair<string, object?>(WorkerTelemetry.DestinationTag, destination));
                Activity.Current?.SetTag("s3consumer.hedged", true);
                return ValueTask.CompletedTask;
            },
        };
    }

    private static void NoteMayHaveStored(ResilienceContext context)
    {
        if (context.Properties.TryGetValue(AnAttemptMayHaveStored, out var mayHaveStored))
        {
            mayHaveStored.Value = true;
        }
    }
}
