using MassTransit;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>A .NET publisher: a MassTransit bus of its own that publishes a typed contract with one call.</summary>
internal static class TypedPublisher
{
    /// <summary>Publishes on <paramref name="virtualHost"/>: a test's own (see <see cref="TestVirtualHost"/>), so that the message reaches its worker alone.</summary>
    public static async Task PublishAsync<T>(T message, IReadOnlyDictionary<string, string> headers, string virtualHost) where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(TestServices.RabbitHost, virtualHost, host =>
        {
            host.Username("guest");
            host.Password("guest");
        }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await bus.StartAsync(timeout.Token);
            await bus.Publish(message, context =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Headers.Set(name, value);
                }
            }, timeout.Token);
        }
        catch (OperationCanceledException error) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The publisher's bus did not connect to RabbitMQ on {TestServices.RabbitHost} and publish within 30 s.", error);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await bus.StopAsync(stopping.Token);
        }
    }
}
