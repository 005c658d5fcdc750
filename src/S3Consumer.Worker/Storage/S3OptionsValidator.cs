using Microsoft.Extensions.Options;
using S3Consumer.Worker.Configuration;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// Checks the <c>S3</c> options at start against what Polly and the AWS SDK accept, so that a value they would refuse
/// stops the worker with a line naming the key, rather than failing every message later.
/// </summary>
internal sealed class S3OptionsValidator(IOptions<QueueOptions> queues) : IValidateOptions<S3Options>
{
    // Polly's own bounds for a retry delay and a timeout.
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, S3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string?[] problems =
        [
            Ranges.Outside("S3:AttemptTimeout", options.AttemptTimeout, TimeSpan.FromMilliseconds(10), Day, "Polly's bounds for a timeout"),
            Ranges.Outside("S3:HedgeDelay", options.HedgeDelay, TimeSpan.Zero, Day, "0 sends no PUT again, nor does a delay at or above S3:AttemptTimeout, which abandons the PUT first"),
            Ranges.Outside("S3:ConnectTimeout", options.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "how long opening a connection to S3 may take"),
            Ranges.Outside("S3:MaxRetryAttempts", options.MaxRetryAttempts, 1, 100, "quick retries of one write before the destination counts as unavailable"),
            Ranges.Outside("S3:RetryDelay", options.RetryDelay, TimeSpan.Zero, Day, "Polly's bounds for a retry delay"),
            Ranges.Outside("S3:MaxRetryDelay", options.MaxRetryDelay, options.RetryDelay, Day,
                "at least S3:RetryDelay, and at most Polly's bound for a retry delay"),
            Ranges.Outside("S3:MaxConnections", options.MaxConnections, 1, 10_000, "HTTP connections per S3 host"),
            options.MaxConnections < 2 * queues.Value.ConcurrentMessageLimit
                ? "S3:MaxConnections is below the writes the worker can have in flight to one S3 host (both queues' Queues:ConcurrentMessageLimit): " +
                  "set it to at least twice the limit, or writes wait for a connection."
                : null,
        ];
        return ValidationResults.Of(problems);
    }
}
