using System.CommandLine;
using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using S3Consumer.Tool.Configuration;
using S3Consumer.Tool.Messages;
using Spectre.Console;

namespace S3Consumer.Tool.Publish;

/// <summary>
/// <c>s3consumer publish &lt;file or -&gt;</c>: sends a message as a raw publisher does (interface.md section 2): the
/// bytes as given, <c>application/json</c>, persistent, through the default exchange, headers as AMQP string headers.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(SettingsOptions settings, ToolConsole console)
    {
        var file = new Argument<string>("file") { Description = "The message, a JSON file such as contracts/examples/read-action.json; - reads standard input." };
        var destination = new Option<string?>("--destination") { Description = "The destination header: the destination's name in Destinations:<name>." };
        var queue = new Option<string?>("--queue") { Description = "The queue; default: Queues:Read or Queues:Subscribe by the message's data.action." };
        var headers = NameValue.Option("--header", "name=value", "An AMQP header, e.g. --header event-id=42 --header connection-id=conn-1 (repeatable).");
        var count = new Option<int>("--count") { Description = "How many copies to send; each gets an event-id of its own unless --header event-id is given.", DefaultValueFactory = _ => 1 };
        var rate = new Option<double?>("--rate") { Description = "At most this many messages per second; default: as fast as the broker confirms." };
        count.Validators.Add(result => AtLeast(result, result.GetValueOrDefault<int>(), 1));
        rate.Validators.Add(result => AtLeast(result, result.GetValueOrDefault<double?>() ?? 1, double.Epsilon));

        var command = new Command("publish", "Publish a message as a raw publisher does; exit 0 once the broker confirmed every copy.")
        {
            file, destination, queue, headers, count, rate,
        };
        command.SetAction((parse, cancellation) => Guarded.RunAsync(console, async () =>
        {
            var configuration = settings.Load(parse);
            var body = await MessageFile.ReadAsync(parse.GetValue(file)!, console, cancellation).ConfigureAwait(false);
            var target = parse.GetValue(queue) ?? QueueFor(MessageFile.Action(body), WorkerServices.Queues(configuration));
            if (target is null)
            {
                await console.Error.WriteLineAsync("s3consumer: the message's data.action is neither 'read' nor 'subscribe': name the queue with --queue.").ConfigureAwait(false);
                return ToolCommands.ConfigurationError;
            }

            var given = (parse.GetValue(headers) ?? []).ToDictionary(StringComparer.Ordinal);
            if (parse.GetValue(destination) is { } name)
            {
                given["destination"] = name;
            }

            var plan = new PublishPlan(target, body, given, parse.GetValue(count), parse.GetValue(rate));
            await using var connection = await BrokerConnections.ConnectAsync(configuration, "publish", cancellation).ConfigureAwait(false);
            return await PublishAsync(connection, plan, console, cancellation).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> PublishAsync(IConnection connection, PublishPlan plan, ToolConsole console, CancellationToken cancellation)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellation).ConfigureAwait(false);
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
                        var bar = progress.AddTask($"to {Markup.Escape(plan.Queue)}", maxValue: plan.Count);
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
                ? $"s3consumer: queue '{plan.Queue}' does not exist (the broker returned the message): start the worker once, which declares its queues, or name another with --queue."
                : $"s3consumer: the broker refused message #{error.PublishSequenceNumber} (nack); what was sent before it is confirmed.").ConfigureAwait(false);
            return 1;
        }

        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Published {plan.Count} message(s) to {plan.Queue}; the broker confirmed each.")).ConfigureAwait(false);
        return 0;
    }

    private static string? QueueFor(string? action, Worker.Messaging.QueueOptions queues) => action switch
    {
        "read" => queues.Read,
        "subscribe" => queues.Subscribe,
        _ => null,
    };

    private static void AtLeast(System.CommandLine.Parsing.OptionResult result, double value, double minimum)
    {
        if (value < minimum)
        {
            result.AddError($"{result.Option.Name} must be positive.");
        }
    }
}
