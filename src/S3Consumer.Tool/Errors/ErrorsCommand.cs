using System.CommandLine;
using System.Text.Json;
using S3Consumer.Tool.Configuration;

namespace S3Consumer.Tool.Errors;

/// <summary><c>s3consumer errors list|redrive &lt;error-queue&gt;</c>: see what failed and why, and send it back once fixed.</summary>
internal static class ErrorsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(SettingsOptions settings, ToolConsole console)
    {
        var queue = new Argument<string>("error-queue") { Description = "The error queue, e.g. s3consumer-read_error." };
        var limit = new Option<int>("--limit") { Description = "How many messages to show.", DefaultValueFactory = _ => 50 };
        var reason = new Option<string?>("--reason") { Description = "Move only the messages whose reason contains this text." };
        var target = new Option<string?>("--to") { Description = "The queue to move them to; default: the error queue's name without _error." };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON." };

        var list = new Command("list", "Show the messages of an error queue with the reason each failed.") { queue, limit, json };
        list.SetAction((parse, cancellation) => Guarded.RunAsync(console, async () =>
        {
            await using var connection = await BrokerConnections.ConnectAsync(settings.Load(parse), "errors", cancellation).ConfigureAwait(false);
            var errors = new ErrorQueueClient(connection, parse.GetValue(queue)!);
            var messages = await errors.ListAsync(parse.GetValue(limit), cancellation).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(messages, Json)).ConfigureAwait(false);
                return 0;
            }

            foreach (var message in messages)
            {
                await console.Out.WriteLineAsync(message.ToString()).ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync($"{messages.Count} message(s) shown from {errors.Name}.").ConfigureAwait(false);
            return 0;
        }));

        var redrive = new Command("redrive", "Move an error queue's messages back to their queue, keeping body and headers.") { queue, reason, target, json };
        redrive.SetAction((parse, cancellation) => Guarded.RunAsync(console, async () =>
        {
            await using var connection = await BrokerConnections.ConnectAsync(settings.Load(parse), "errors", cancellation).ConfigureAwait(false);
            var errors = new ErrorQueueClient(connection, parse.GetValue(queue)!);
            var to = parse.GetValue(target) ?? errors.SourceQueue;
            var done = await errors.RedriveAsync(to, parse.GetValue(reason),
                new Progress<RedriveResult>(now => console.Error.Write($"\r{now.Moved + now.Kept}/{now.Total} read, {now.Moved} moved")), cancellation).ConfigureAwait(false);
            await console.Error.WriteLineAsync().ConfigureAwait(false);
            await console.Out.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(new { from = errors.Name, to, done.Total, done.Moved, done.Kept }, Json)
                : $"Moved {done.Moved} of {done.Total} message(s) from {errors.Name} to {to}; {done.Kept} stay (reason did not match).").ConfigureAwait(false);
            return 0;
        }));

        return new Command("errors", "List an error queue's messages with their reasons, and move them back once the cause is fixed.") { list, redrive };
    }
}
