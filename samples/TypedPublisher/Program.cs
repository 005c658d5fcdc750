// Publishes one read-action message with MassTransit and S3Consumer's typed contracts; the worker writes it to S3.
// Usage: dotnet run --project samples/TypedPublisher -- [destination]   (RabbitMQ: RABBITMQ_HOST, default localhost)
using System.Text.Json;
using MassTransit;
using S3Consumer.Contracts;

var destination = args.Length > 0 ? args[0] : "ampersandS3Bucket";
var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
    rabbit.Host(Environment.GetEnvironmentVariable("RABBITMQ_HOST") ?? "localhost", "/", host =>
    {
        host.Username("guest");
        host.Password("guest");
    }));

await bus.StartAsync();
try
{
    var message = new ReadActionMessage
    {
        Destination = destination,
        Data = new ReadActionData
        {
            Action = "read",
            ProjectId = "9482e676-4874-43a4-beea-fa8081d13a07",
            Provider = "hubspot",
            InstallationId = "085353b1-07f1-4209-b471-7e028c0a68c8",
            ObjectName = "contacts",
            OperationId = Guid.CreateVersion7().ToString(),
            OperationTime = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            Result = [new ReadRecord { Fields = JsonSerializer.SerializeToElement(new { id = "438", firstname = "Maria" }) }],
        },
    };

    // A header the worker turns into metadata.connectionId; the message id becomes metadata."event-id".
    await bus.Publish(message, context => context.Headers.Set("connection-id", "conn-1"));
    Console.WriteLine($"Published operation {message.Data.OperationId} to destination '{destination}'.");
}
finally
{
    await bus.StopAsync();
}
