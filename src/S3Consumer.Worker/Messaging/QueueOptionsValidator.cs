using System.Text;
using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Messaging;

/// <summary>Checks the <c>Queues</c> options at start against what RabbitMQ and MassTransit accept, each refusal naming its key.</summary>
internal sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string?[] problems =
        [
            QueueNameProblem("Queues:Read", options.Read),
            QueueNameProblem("Queues:Subscribe", options.Subscribe),
            string.Equals(options.Read, options.Subscribe, StringComparison.Ordinal)
                ? $"Queues:Read and Queues:Subscribe are both '{options.Read}'; each action needs a queue of its own."
                : null,
            Ranges.Outside("Queues:ConcurrentMessageLimit", options.ConcurrentMessageLimit, 1, 10_000, "messages written at once, per queue"),
            Ranges.Outside("Queues:PrefetchCount", options.PrefetchCount, (ushort)1, ushort.MaxValue,
                "0 would let the broker send the whole queue"),
            Ranges.Outside("Queues:MaxMessageBytes", options.MaxMessageBytes, 1L, 512L * 1024 * 1024, "RabbitMQ carries at most 512 MiB"),
            options.PrefetchCount < options.ConcurrentMessageLimit
                ? "Queues:PrefetchCount is below Queues:ConcurrentMessageLimit, so that many writes are never in flight: " +
                  "set the prefetch to at least the limit (twice it keeps the next messages at hand)."
                : null,
        ];
        return ValidationResults.Of(problems);
    }

    /// <summary>What is wrong with a queue's name: RabbitMQ takes up to 255 bytes and keeps names starting with "amq." for itself.</summary>
    internal static string? QueueNameProblem(string key, string? queue) => queue switch
    {
        null or "" => $"{key} is empty; set the name of the queue to consume.",
        _ when string.IsNullOrWhiteSpace(queue) || queue.Trim() != queue => $"{key} '{queue}' starts or ends with white space; set the queue's name alone.",
        _ when Encoding.UTF8.GetByteCount(queue) > 255 => $"{key} is {Encoding.UTF8.GetByteCount(queue)} bytes long; RabbitMQ takes at most 255.",
        _ when queue.StartsWith("amq.", StringComparison.Ordinal) => $"{key} '{queue}' starts with 'amq.', which RabbitMQ keeps for its own queues.",
        _ => null,
    };
}
