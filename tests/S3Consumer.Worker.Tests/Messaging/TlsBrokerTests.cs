using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Messaging;

/// <summary>The built worker against a RabbitMQ node that takes TLS only and requires client certificates.</summary>
[Collection(TlsBrokerTestGroup.Name)]
[Trait("Category", "Tls")]
public sealed class TlsBrokerTests(TlsBroker node) : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private S3Bucket bucket = null!;
    private Dictionary<string, string?> settings = null!;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync(node.S3.Url);
        settings = WorkerHost.Settings(bucket.Name,
            ("Destinations:lake:ServiceUrl", node.S3.Url.ToString()),
            ("RabbitMq:Uri", $"amqps://guest:guest@localhost:{TlsBroker.TlsPort}/%2F"),
            ("RabbitMq:Tls:CaFile", node.Certificate("ca.pem")),
            ("RabbitMq:Tls:ClientCertFile", node.Certificate("client.pem")),
            ("RabbitMq:Tls:ClientKeyFile", node.Certificate("client.key")));
    }

    public async Task DisposeAsync()
    {
        await using (var broker = await TlsBroker.ConnectPlainAsync())
        {
            await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
        }

        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task Worker_connects_by_amqps_uri_with_a_client_certificate_and_writes()
    {
        using var worker = await WorkerProcess.StartAsync(settings, settings["Queues:Read"]!, TlsBroker.ConnectPlainAsync);
        await using var broker = await TlsBroker.ConnectPlainAsync();

        await broker.PublishRawAsync(settings["Queues:Read"]!, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "over-tls");

        var stored = await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_over-tls.json");
        Assert.Equal("over-tls", stored.Metadata["x-amz-meta-event-id"]);
    }

    [Fact]
    public async Task Wrong_ca_stops_the_worker_at_start_with_one_line_naming_the_ca_file()
    {
        settings["RabbitMq:Tls:CaFile"] = node.Certificate("other-ca.pem");

        var line = await RefusalAsync();

        Assert.Contains("is not signed by the CA in RabbitMq:Tls:CaFile", line);
    }

    [Fact]
    public async Task Wrong_server_name_stops_the_worker_at_start_with_the_names_the_certificate_carries()
    {
        settings["RabbitMq:Tls:ServerName"] = "broker.example.com";

        var line = await RefusalAsync();

        Assert.Contains("names localhost, 127.0.0.1, not broker.example.com", line);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_broker_refuses_and_the_worker_says_which_setting_is_missing()
    {
        settings.Remove("RabbitMq:Tls:ClientCertFile");
        settings.Remove("RabbitMq:Tls:ClientKeyFile");

        var line = await RefusalAsync();

        Assert.Contains("refused the TLS connection", line);
        Assert.Contains("set RabbitMq:Tls:ClientCertFile and RabbitMq:Tls:ClientKeyFile", line);
    }

    [Fact]
    public async Task Expired_broker_certificate_stops_the_worker_at_start_with_its_expiry_date()
    {
        // RabbitMQ serves one certificate per node, so a listener of the test's own presents the expired one.
        using var expired = X509Certificate2.CreateFromPemFile(node.Certificate("expired.pem"), node.Certificate("expired.key"));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeTlsAsync(listener, expired, stop.Token);
        settings["RabbitMq:Uri"] = $"amqps://guest:guest@localhost:{((IPEndPoint)listener.LocalEndpoint).Port}";

        var line = await RefusalAsync();
        await stop.CancelAsync();
        listener.Stop();
        await serving;

        Assert.Contains("the broker's certificate (CN=localhost) expired on 2020-01-01 00:00:00 UTC", line);
    }

    /// <summary>The worker's one line saying why it cannot start, after it exited with 1.</summary>
    private async Task<string> RefusalAsync()
    {
        using var worker = await WorkerProcess.RunToExitAsync(settings, StartTimeout);
        var output = worker.Output.Where(line => line.Length > 0).ToList();
        Assert.True(worker.ExitCode == 1, $"The worker exited with {worker.ExitCode}: {string.Join('\n', output)}");
        Assert.DoesNotContain("guest:guest", string.Join('\n', output));

        // Read from stderr, among stdout's log lines: the two pipes are read apart, so its place among them says nothing.
        return Assert.Single(output, line => line.StartsWith("S3Consumer cannot start: ", StringComparison.Ordinal));
    }

    private static async Task ServeTlsAsync(TcpListener listener, X509Certificate2 certificate, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop);
            }
            catch (Exception error) when (error is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The worker turns the certificate down mid-handshake, as it should.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
