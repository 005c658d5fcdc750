using System.Text;
using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Messaging;

/// <summary>Checks the <c>Ingress</c> options at start, when an exchange is set, each refusal naming its key.</summary>
internal sealed class IngressOptionsValidator(IOptions<QueueOptions> queues) : IValidateOptions<IngressOptions>
{
    public ValidateOptionsResult Validate(string? name, IngressOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        // MassTransit declares an exchange of its own under each of the worker's queue names.
        string[] taken = [queues.Value.Read, queues.Value.Subscribe];
        var exchange = options.Exchange!;
        string?[] problems =
        [
            string.IsNullOrWhiteSpace(exchange) || exchange.Trim() != exchange
                ? $"Ingress:Exchange '{exchange}' starts or ends with white space; set the exchange's name alone."
                : Encoding.UTF8.GetByteCount(exchange) > 255 ? $"Ingress:Exchange is {Encoding.UTF8.GetByteCount(exchange)} bytes long; RabbitMQ takes at most 255."
                : taken.Append(options.Queue).Contains(exchange, StringComparer.Ordinal)
                    ? $"Ingress:Exchange '{exchange}' is the name of one of the worker's queues, under which the worker keeps an exchange of its own: name the publisher's exchange differently."
                    : null,
            QueueOptionsValidator.QueueNameProblem("Ingress:Queue", options.Queue),
            taken.Contains(options.Queue, StringComparer.Ordinal)
                ? $"Ingress:Queue '{options.Queue}' is also Queues:Read or Queues:Subscribe; the ingress queue needs a name of its own."
                : null,
            Encoding.UTF8.GetByteCount(options.RoutingKey ?? "") > 255
                ? $"Ingress:RoutingKey is {Encoding.UTF8.GetByteCount(options.RoutingKey!)} bytes long; RabbitMQ takes at most 255."
                : null,
        ];
        return ValidationResults.Of(problems);
    }
}
