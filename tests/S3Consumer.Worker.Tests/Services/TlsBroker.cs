using System.Diagnostics;
using RabbitMQ.Client;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// The TLS-only RabbitMQ node of scripts/tls-broker.sh (s3c-tls@localhost, AMQPS on 5681, client certificates required),
/// and an S3 server of its own (<see cref="S3"/>), started for the tests that need them and stopped after them; plain
/// AMQP on 5680 lets the tests publish and look.
/// </summary>
public sealed class TlsBroker : IAsyncLifetime
{
    public const int TlsPort = 5681;
    private const int PlainPort = 5680;

    private static string Script => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../scripts/tls-broker.sh"));

    /// <summary>The certificates the script made: ca.pem, other-ca.pem, client.pem/key, expired.pem/key.</summary>
    public string Certificates { get; private set; } = "";

    /// <summary>The S3 server the TLS node's tests write to.</summary>
    public OwnS3Server S3 { get; } = new(4570);

    public string Certificate(string file) => Path.Combine(Certificates, file);

    internal static Task<Broker> ConnectPlainAsync() => Broker.ConnectAsync(new ConnectionFactory { HostName = "localhost", Port = PlainPort });

    public async Task InitializeAsync()
    {
        var (up, s3) = (RunAsync("up"), S3.StartAsync());
        try
        {
            await Task.WhenAll(up, s3);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        Certificates = (await up).Trim();
    }

    public Task DisposeAsync() => Task.WhenAll(RunAsync("down"), S3.StopAsync());

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
/// The TLS node's tests run one after another, beside every other collection but <see cref="WholeProcessTelemetry"/> (the
/// node, its S3 server, queues and buckets are their own, so the <see cref="ServiceOutages"/> tests, which stop and
/// start the test S3 server and broker, never reach them).
/// </summary>
[CollectionDefinition(Name)]
public sealed class TlsBrokerTestGroup : ICollectionFixture<TlsBroker>
{
    public const string Name = "TLS RabbitMQ node";
}
