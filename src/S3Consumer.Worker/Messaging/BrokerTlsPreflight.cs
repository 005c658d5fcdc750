using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Before the bus starts, opens one TLS connection to the broker as the bus would. MassTransit retries a refused
/// handshake forever, yet a wrong CA, an expired certificate, a wrong name or a missing client certificate never
/// heal by themselves: those stop the worker at start with one line that says which. A broker that does not answer
/// at all is left to the bus, which waits for it as for any broker that is down.
/// </summary>
internal sealed partial class BrokerTlsPreflight(IOptions<RabbitMqOptions> options, ILogger<BrokerTlsPreflight> logger) : IHostedService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // AMQP 0-9-1's protocol header: a broker that took the TLS session answers it with connection.start.
    private static readonly byte[] ProtocolHeader = "AMQP\0\0\u0009\u0001"u8.ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = BrokerConnection.From(options.Value);
        if (connection.Certificates is not { } certificates)
        {
            return;
        }

        var (host, port) = (connection.Factory.HostName, connection.Factory.Port);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(host, port, timeout.Token);
        }
        catch (Exception error) when (error is SocketException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogNotReached(host, port, error.Message);
            return;
        }

        string? problem = null;
        await using var tls = new SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = connection.Factory.Ssl.ServerName,
                ClientCertificates = connection.ClientCertificate is { } client ? new X509CertificateCollection { client } : null,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    (problem = certificates.Problem(certificate, chain, errors)) is null,
            }, timeout.Token);

            // TLS 1.3 reports a refused client certificate only at the first read.
            await tls.WriteAsync(ProtocolHeader, timeout.Token);
            if (await tls.ReadAsync(new byte[8], timeout.Token) == 0)
            {
                throw new IOException("the broker closed the connection");
            }
        }
        catch (Exception error) when (error is AuthenticationException or IOException)
        {
            throw new BrokerConnectionException(problem is null
                ? $"The broker at {host}:{port} refused the TLS connection ({Innermost(error)}): {ClientCertificateAdvice(connection)}"
                : $"The broker at {host}:{port} cannot be trusted: {problem}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotReached(host, port, "no TLS answer in time");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string ClientCertificateAdvice(BrokerConnection connection) => connection.ClientCertificate is null
        ? "it may require a client certificate; set RabbitMq:Tls:ClientCertFile and RabbitMq:Tls:ClientKeyFile."
        : "it does not take the client certificate of RabbitMq:Tls:ClientCertFile; have it signed by a CA the broker trusts.";

    private static string Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker at {Host}:{Port} was not reached to check its TLS set-up ({Reason}); the bus keeps trying to connect")]
    private partial void LogNotReached(string host, int port, string reason);
}
