using MassTransit;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>A .NET publisher: a MassTransit bus of its own that publishes a typed contract with one call.</summary>
internal static class TypedPublisher
{
    public static async Task PublishAsync<T>(T message, IReadOnlyDictionary<string, string> headers) where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(TestServices.RabbitHost, "/", host =>
        {
            host.Username("guest");
            host.Password("guest");
        }));
        await bus.StartAsync();
        try
        {
            await bus.Publish(message, context =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Headers.Set(name, value);
                }
            });
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
