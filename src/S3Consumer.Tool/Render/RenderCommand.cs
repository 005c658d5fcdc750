using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Messages;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Routing;
using S3Consumer.Tool.Configuration;
using S3Consumer.Tool.Messages;

namespace S3Consumer.Tool.Render;

/// <summary>
/// <c>s3consumer render &lt;message-file&gt;</c>: the key the worker would write a message under, made by the worker's
/// own core (<see cref="ObjectWriteBuilder"/>), so a key that cannot be made fails with the reason the worker gives.
/// </summary>
internal static class RenderCommand
{
    /// <summary>The destination a template given alone on the command line stands for, in reasons and <c>metadata.destinationId</c>.</summary>
    public const string CommandLineDestination = "command-line";

    public static Command Create(SettingsOptions settings, ToolConsole console)
    {
        var file = new Argument<string>("message-file") { Description = "The message, a JSON file as a publisher sends it; - reads standard input." };
        var destination = new Option<string?>("--destination") { Description = "A configured destination whose template to use; default: the one the message names." };
        var template = new Option<string?>("--template") { Description = "A JMESPath template to try, e.g. \"join('/', [metadata.objectName, time.date])\"; with --destination it replaces that destination's; alone it needs no configuration." };
        var headers = NameValue.Option("--header", "name=value", "An AMQP header the message would carry, e.g. --header event-id=42 --header timestamp=2025-10-14T02:58:59Z (repeatable).");
        var context = new Option<bool>("--context")
        {
            Description = "Print the template's context after the key: metadata, time and data; for a batched destination, batch too, and metadata, time and data are what Batch:PartitionBy reads.",
        };
        var command = new Command("render", "Print the object key a message gets; exit 1 with the worker's reason when it gets none.")
        {
            file, destination, template, headers, context,
        };
        command.SetAction((parse, cancellation) => Guarded.RunAsync(console, async () =>
        {
            var configuration = settings.Load(parse);
            var body = await MessageFile.ReadAsync(parse.GetValue(file)!, console, cancellation).ConfigureAwait(false);
            try
            {
                var (message, read) = DeliveredMessage.From(body, (parse.GetValue(headers) ?? []).ToDictionary(StringComparer.OrdinalIgnoreCase), WorkerServices.Queues(configuration));
                var target = (parse.GetValue(template), parse.GetValue(destination)) switch
                {
                    ({ } text, null) => new Destination(CommandLineDestination, new DestinationOptions(), "STANDARD", Parse(text)),
                    ({ } text, { } name) => Batchable(Configured(configuration, name) with { KeyTemplate = Parse(text) }),
                    (null, { } name) => Configured(configuration, name),
                    (null, null) => Routed(configuration, message, read),
                };
                // The context is made only when it is printed: for a batched destination, batch with what PartitionBy read.
                var printContext = parse.GetValue(context);
                JObject? batchContext = null;
                string key;
                string? partition = null;
                try
                {
                    if (target.Options.Batch.Enabled)
                    {
                        var batch = BatchOf(message, read, target);
                        using var written = batch.Write();
                        (key, partition) = (written.Key, batch.Partition);
                        if (printContext)
                        {
                            batchContext = KeyContext.ForBatch(batch.Partition, batch.Time, batch.Messages.Count, batch.Id, batch.Messages[0].EventId, batch.Messages[^1].EventId);
                            batchContext.Merge(ObjectWriteBuilder.KeyContextOf(message, read, target));
                        }
                    }
                    else
                    {
                        key = ObjectWriteBuilder.Build(message, read, target).Key;
                    }
                }
                catch (UndeliverableMessageException error)
                {
                    await console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
                    await WarnAsync(console, target).ConfigureAwait(false);
                    return 1;
                }

                await console.Out.WriteLineAsync(key).ConfigureAwait(false);
                if (partition is not null)
                {
                    await console.Out.WriteLineAsync($"partition: {partition}").ConfigureAwait(false);
                }

                await WarnAsync(console, target).ConfigureAwait(false);
                if (printContext)
                {
                    var seen = batchContext ?? ObjectWriteBuilder.KeyContextOf(message, read, target);
                    await console.Out.WriteLineAsync(seen.ToString(Formatting.Indented)).ConfigureAwait(false);
                }

                return 0;
            }
            catch (Exception error) when (error is UndeliverableMessageException or FormatException)
            {
                await console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
                return 1;
            }
        }));
        return command;
    }

    // What else the template may get wrong, after the key or the worker's reason.
    private static async Task WarnAsync(ToolConsole console, Destination target)
    {
        if (TemplateWarning.Of(target) is { } warning)
        {
            await console.Error.WriteLineAsync($"warning: the template {target.KeyTemplate.Text} {warning}").ConfigureAwait(false);
        }
    }

    // A batched destination's key is its batch's: here, of a batch of this message alone (batch.count 1), which the
    // message closes itself where it fills a batch (Batch:MaxMessages 1, or a message of Batch:MaxBytes or more).
    private static MessageBatch BatchOf(InboundMessage message, ActionMessage read, Destination target)
    {
        var batches = new OpenBatches(long.MaxValue, int.MaxValue, _ => target);
        var now = DateTimeOffset.UtcNow;
        var closed = batches.Add(target, ObjectWriteBuilder.BuildBatchLine(message, read, target), 0, now);
        return closed.Count > 0 ? closed[0] : batches.Stop(now)[0];
    }

    private static Destination Configured(Microsoft.Extensions.Configuration.IConfiguration configuration, string name)
    {
        using var services = WorkerServices.Create(configuration);
        return services.GetRequiredService<DestinationCatalog>().Resolve(name);
    }

    // The destination the worker would pick: header, body, manifest, Routing:Default.
    private static Destination Routed(Microsoft.Extensions.Configuration.IConfiguration configuration, InboundMessage message, ActionMessage read)
    {
        using var services = WorkerServices.Create(configuration);
        return services.GetRequiredService<MessageDestinations>().Of(message, read);
    }

    // A template tried for a batched destination must be one the worker would start with.
    private static Destination Batchable(Destination target) =>
        target.Options.Batch.Enabled && BatchKeyTemplates.Problem(target.KeyTemplate, target.Options) is { } problem
            ? throw new FormatException($"Destination '{target.Name}' writes batches, and the worker would refuse this template there: {problem}")
            : target;

    private static ObjectKeyTemplate Parse(string text)
    {
        try
        {
            return ObjectKeyTemplate.Parse(text);
        }
        catch (FormatException error)
        {
            throw new FormatException($"The template {text} does not parse: {error.Message}", error);
        }
    }
}
