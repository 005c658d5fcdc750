using System.CommandLine;
using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using S3Consumer.Core.Messages;
using S3Consumer.Tool.Configuration;
using S3Consumer.Tool.Messages;
using S3Consumer.Worker.Messaging;
using Spectre.Console;

namespace S3Consumer.Tool.Publish;

/// <summary>
/// <c>s3consumer publish &lt;file or -&gt;</c>: sends a message as a raw publisher does (interface.md section 2): the
/// bytes as given, <c>application/json</c>, persistent, through the default exchange, headers as AMQP string headers;
/// or, with <c>--exchange</c>, as Ampersand's RabbitMQ destination does (see <see cref="PublishPlan"/>).
/// </summary>
internal static class PublishCommand
{
    public static Command Create(SettingsOptions settings, ToolConsole console)
    {
        var file = new Argument<string>("file") { Description = "The message, a JSON file such as contracts/examples/read-action.json; - reads standard input." };
        var destination = new Option<string?>("--destination") { Description = "The destination header: the destination's name in Destinations:<name>." };
        var queue = new Option<string?>("--queue") { Description = "The queue; default: Queues:Read or Queues:Subscribe by the message's data.action." };
        var exchange = new Option<string?>("--exchange") { Description = "Publish to this exchange as Ampersand's RabbitMQ destination does (transient, without confirms, no message id; event-id, topic and timestamp headers) instead of to a queue." };
        var routingKey = new Option<string?>("--routing-key") { Description = "With --exchange: the routing key (Ampersand's topic); default: the message's action." };
        var headers = NameValue.Option("--header", "name=value", "An AMQP header, e.g. --header event-id=42 --header connection-id=conn-1 (repeatable).");
        var count = new Option<int>("--count") { Description = "How many copies to send; each gets an event-id of its own unless --header event-id is given.", DefaultValueFactory = _ => 1 };
        var rate = new Option<double?>("--rate") { Description = "At most this many messages per second; default: as fast as the broker confirms." };
        count.Validators.Add(result => AtLeast(result, result.GetValueOrDefault<int>(), 1));
        rate.Validators.Add(result => AtLeast(result, result.GetValueOrDefault<double?>() ?? 1, double.Epsilon));

        var command = new Command("publish", "Publish a message as a raw publisher does; exit 0 once the broker confirmed every copy.")
        {
            file, destination, queue, exchange, routingKey, headers, count, rate,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(exchange) is not null && result.GetValue(queue) is not null)
            {
                result.AddError("--queue and --exchange exclude each other: a message goes to a queue, or to an exchange as Ampersand sends it.");
            }
            else if (result.GetValue(routingKey) is not null && result.GetValue(exchange) is null)
            {
                result.AddError("--routing-key goes with --exchange.");
            }
        });
        command.SetAction((parse, cancellation) => Guarded.RunAsync(console, async () =>
        {
            var configuration = settings.Load(parse);
            var body = await MessageFile.ReadAsync(parse.GetValue(file)!, console, cancellation).ConfigureAwait(false);
            var target = parse.GetValue(exchange) is { } name
                ? PublishTarget.Ampersand(name, parse.GetValue(routingKey) ?? ActionMessageReader.ActionOf(body) ?? "")
                : (parse.GetValue(queue) ?? WorkerServices.Queues(configuration).QueueOf(ActionMessageReader.ActionOf(body))) is { } named ? PublishTarget.Queue(named) : null;
            if (target is null)
            {
                await console.Error.WriteLineAsync("s3consumer: the message's data.action is neither 'read' nor 'subscribe': name the queue with --queue.").ConfigureAwait(false);
                return ToolCommands.ConfigurationError;
            }

            var given = (parse.GetValue(headers) ?? []).ToDictionary(StringComparer.Ordinal);
            if (parse.GetValue(destination) is { } destinationName)
            {
                given["destination"] = destinationName;
            }

            var plan = new PublishPlan(target, body, given, parse.GetValue(count), parse.GetValue(rate));
            await using var connection = await BrokerConnections.ConnectAsync(configuration, "publish", cancellation).ConfigureAwait(false);
            return await PublishAsync(connection, plan, console, cancellation).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> PublishAsync(IConnection connection, PublishPlan plan, ToolConsole console, CancellationToken cancellation)
    {
        var target = plan.Target;

        // Without confirms a missing exchange would only close the channel, after the tool said it published.
        if (target.AsAmpersand && !await PassiveDeclare.ExchangeExistsAsync(connection, target.Exchange, cancellation).ConfigureAwait(false))
        {
            await console.Error.WriteLineAsync(
                $"s3consumer: exchange '{target.Exchange}' does not exist: start the worker with Ingress:Exchange={target.Exchange}, which declares it, or name another with --exchange.")
                .ConfigureAwait(false);
            return 1;
        }

        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: !target.AsAmpersand, publisherConfirmationTrackingEnabled: !target.AsAmpersand), cancellation)
            .ConfigureAwait(false);
        try
        {
            if (plan.Count == 1)
            {
                await plan.SendAsync(channel, 0, cancellation).ConfigureAwait(false);
            }
            else
            {
                await console.Status.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var bar = progress.AddTask($"to {Markup.Escape(target.ToString())}", maxValue: plan.Count);
                        for (var copy = 0; copy < plan.Count; copy++)
                        {
                            await plan.SendAsync(channel, copy, cancellation).ConfigureAwait(false);
                            bar.Increment(1);
                        }
                    }).ConfigureAwait(false);
            }
        }
        catch (PublishException error)
        {
            await console.Error.WriteLineAsync(error.IsReturn
                ? $"s3consumer: queue '{target.RoutingKey}' does not exist (the broker returned the message): start the worker once, which declares its queues, or name another with --queue."
                : $"s3consumer: the broker refused message #{error.PublishSequenceNumber} (nack); what was sent before it is confirmed.").ConfigureAwait(false);
            return 1;
        }

        await console.Out.WriteLineAsync(target.AsAmpersand
            ? string.Create(CultureInfo.InvariantCulture, $"Published {plan.Count} message(s) to {target} as Ampersand does: transient, without confirms (RabbitMQ drops what no binding of the exchange takes).")
            : string.Create(CultureInfo.InvariantCulture, $"Published {plan.Count} message(s) to {target}; the broker confirmed each.")).ConfigureAwait(false);
        return 0;
    }

    private static void AtLeast(System.CommandLine.Parsing.OptionResult result, double value, double minimum)
    {
        if (value < minimum)
        {
            result.AddError($"{result.Option.Name} must be positive.");
        }
    }
}
