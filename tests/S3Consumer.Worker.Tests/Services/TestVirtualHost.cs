namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// A virtual host of the test's own on the test broker, removed with everything in it at the end. A typed publish reaches
/// every queue bound to its contract on its virtual host, whoever declared the queue (a worker that ran on the default
/// queue names, long stopped, leaves its queues bound): there a test's typed message would wait for the next worker to
/// park it. On a virtual host of its own, it reaches the test's worker alone.
/// </summary>
internal sealed class TestVirtualHost : IAsyncDisposable
{
    private TestVirtualHost(string name) => Name = name;

    public string Name { get; }

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var host = new TestVirtualHost($"s3consumer-it-{Guid.NewGuid():N}"[..22]);
        await RabbitMqCtlAsync("add_vhost", host.Name);
        await RabbitMqCtlAsync("set_permissions", "-p", host.Name, "guest", ".*", ".*", ".*");
        return host;
    }

    public async ValueTask DisposeAsync() => await RabbitMqCtlAsync("delete_vhost", Name);

    private static Task<CommandResult> RabbitMqCtlAsync(params string[] arguments) =>
        Command.RunCheckedAsync(TimeSpan.FromMinutes(1), "rabbitmqctl", ["-q", .. arguments]);
}
