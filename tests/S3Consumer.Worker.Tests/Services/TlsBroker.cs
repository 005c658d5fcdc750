using System.Diagnostics;
using RabbitMQ.Client;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// The TLS-only RabbitMQ node of scripts/tls-broker.sh (s3c-tls@localhost, AMQPS on 5681, client certificates required),
/// started for the tests that need it and stopped after them; plain AMQP on 5680 lets the tests publish and look.
/// </summary>
public sealed class TlsBroker : IAsyncLifetime
{
    public const int TlsPort = 5681;
    private const int PlainPort = 5680;

    private static string Script => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../scripts/tls-broker.sh"));

    /// <summary>The certificates the script made: ca.pem, other-ca.pem, client.pem/key, expired.pem/key.</summary>
    public string Certificates { get; private set; } = "";

    public string Certificate(string file) => Path.Combine(Certificates, file);

    internal static Task<Broker> ConnectPlainAsync() => Broker.ConnectAsync(new ConnectionFactory { HostName = "localhost", Port = PlainPort });

    public async Task InitializeAsync() => Certificates = (await RunAsync("up")).Trim();

    public Task DisposeAsync() => RunAsync("down");

    private static async Task<string> RunAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Script, command]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"tls-broker.sh {command} failed: {await error}");
        return output;
    }
}

/// <summary>
/// The TLS node's tests run one after another, beside the tests that need no service (the node, its queues and the
/// buckets are their own), and before the <see cref="RealServices"/> ones, which stop and start the S3 server.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TlsBrokerTestGroup : ICollectionFixture<TlsBroker>
{
    public const string Name = "TLS RabbitMQ node";
}
