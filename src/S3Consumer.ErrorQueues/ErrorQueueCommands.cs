using System.CommandLine;
using RabbitMQ.Client;

namespace S3Consumer.ErrorQueues;

/// <summary><c>s3consumer-errors list|redrive &lt;error-queue&gt;</c>: see what failed and why, and send it back once fixed.</summary>
public static class ErrorQueueCommands
{
    public static RootCommand Create(TextWriter output, TextWriter status)
    {
        var queue = new Argument<string>("error-queue") { Description = "The error queue, e.g. s3consumer-read_error." };
        var host = new Option<string>("--host") { Description = "RabbitMQ host.", DefaultValueFactory = _ => Setting("Host", "localhost") };
        var port = new Option<int>("--port") { Description = "RabbitMQ port.", DefaultValueFactory = _ => int.Parse(Setting("Port", "5672"), System.Globalization.CultureInfo.InvariantCulture) };
        var virtualHost = new Option<string>("--vhost") { Description = "RabbitMQ virtual host.", DefaultValueFactory = _ => Setting("VirtualHost", "/") };
        var username = new Option<string>("--username") { Description = "RabbitMQ user; the password comes from RabbitMq__Password.", DefaultValueFactory = _ => Setting("Username", "guest") };
        var limit = new Option<int>("--limit") { Description = "How many messages to show.", DefaultValueFactory = _ => 50 };
        var reason = new Option<string?>("--reason") { Description = "Move only the messages whose reason contains this text." };
        var target = new Option<string?>("--to") { Description = "The queue to move them to; default: the error queue's name without _error." };

        var list = new Command("list", "Show the messages of an error queue with the reason each failed.") { queue, limit };
        list.SetAction(async (parse, cancellation) =>
        {
            await using var connection = await ConnectAsync(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(virtualHost)!, parse.GetValue(username)!);
            var errors = new ErrorQueueClient(connection, parse.GetValue(queue)!);
            var messages = await errors.ListAsync(parse.GetValue(limit), cancellation);
            foreach (var message in messages)
            {
                await output.WriteLineAsync(message.ToString());
            }

            await output.WriteLineAsync($"{messages.Count} message(s) shown from {errors.Name}.");
        });

        var redrive = new Command("redrive", "Move an error queue's messages back to their queue, keeping body and headers.") { queue, reason, target };
        redrive.SetAction(async (parse, cancellation) =>
        {
            await using var connection = await ConnectAsync(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(virtualHost)!, parse.GetValue(username)!);
            var errors = new ErrorQueueClient(connection, parse.GetValue(queue)!);
            var to = parse.GetValue(target) ?? errors.SourceQueue;
            var done = await errors.RedriveAsync(to, parse.GetValue(reason),
                new Progress<RedriveResult>(now => status.Write($"\r{now.Moved + now.Kept}/{now.Total} read, {now.Moved} moved")), cancellation);
            await status.WriteLineAsync();
            await output.WriteLineAsync($"Moved {done.Moved} of {done.Total} message(s) from {errors.Name} to {to}; {done.Kept} stay (reason did not match).");
        });

        var root = new RootCommand("S3Consumer's error queues: list what failed and why, and move it back once the cause is fixed.");
        root.Options.Add(host);
        root.Options.Add(port);
        root.Options.Add(virtualHost);
        root.Options.Add(username);
        root.Subcommands.Add(list);
        root.Subcommands.Add(redrive);
        return root;
    }

    // The worker's own configuration keys, from the environment: RabbitMq__Host and so on.
    private static string Setting(string name, string fallback) => Environment.GetEnvironmentVariable($"RabbitMq__{name}") ?? fallback;

    private static Task<IConnection> ConnectAsync(string host, int port, string virtualHost, string username) =>
        new ConnectionFactory
        {
            HostName = host,
            Port = port,
            VirtualHost = virtualHost,
            UserName = username,
            Password = Setting("Password", "guest"),
            ClientProvidedName = "s3consumer-errors",
        }.CreateConnectionAsync();
}
