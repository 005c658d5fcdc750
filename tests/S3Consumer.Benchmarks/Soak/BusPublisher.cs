using MassTransit;
using S3Consumer.Contracts;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>A .NET publisher of the contracts: a MassTransit bus of its own on the cluster, publishing each message with one call.</summary>
internal sealed class BusPublisher : SoakPublisher
{
    private readonly IBusControl bus;

    private BusPublisher(string name, IBusControl bus)
        : base(name) => this.bus = bus;

    public static async Task<BusPublisher> StartAsync(string name, string host, IReadOnlyList<int> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(host, (ushort)ports[0], "/", connection =>
        {
            connection.Username("guest");
            connection.Password("guest");
            connection.UseCluster(cluster =>
            {
                foreach (var port in ports.Skip(1))
                {
                    cluster.Node($"{host}:{port}");
                }
            });
        }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(timeout.Token);
        return new BusPublisher(name, bus);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StopAsync(timeout.Token);
    }

    protected override Task PublishAsync(SoakMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        void Headers(PublishContext context)
        {
            foreach (var (header, value) in message.Headers)
            {
                context.Headers.Set(header, value);
            }
        }

        return message.Contract switch
        {
            ReadActionMessage read => bus.Publish(read, (PublishContext<ReadActionMessage> context) => Headers(context), cancellationToken),
            SubscribeActionMessage subscribe => bus.Publish(subscribe, (PublishContext<SubscribeActionMessage> context) => Headers(context), cancellationToken),
            _ => throw new InvalidOperationException($"Message {message.Id} has no contract to publish."),
        };
    }

    // MassTransit reconnects by itself, to the next node of the cluster.
    protected override Task ResetAsync() => Task.CompletedTask;
}
