using System.Security.Cryptography.X509Certificates;
using RabbitMQ.Client;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// The <c>RabbitMq</c> settings turned into a RabbitMQ.Client connection factory: the URI (parsed by RabbitMQ.Client
/// to the RabbitMQ URI specification) or host, port, virtual host and user, TLS with its trusted CA, client
/// certificate and server name, and the heartbeat. The worker's bus and the command-line tools connect with it alike.
/// </summary>
public sealed class BrokerConnection
{
    private BrokerConnection(ConnectionFactory factory, BrokerCertificateCheck? certificates, X509Certificate2? clientCertificate)
    {
        Factory = factory;
        Certificates = certificates;
        ClientCertificate = clientCertificate;
    }

    public ConnectionFactory Factory { get; }

    /// <summary>How the broker's certificate is checked; null without TLS.</summary>
    public BrokerCertificateCheck? Certificates { get; }

    public X509Certificate2? ClientCertificate { get; }

    public bool UsesTls => Certificates is not null;

    public static BrokerConnection From(RabbitMqOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factory = new ConnectionFactory { RequestedHeartbeat = options.Heartbeat, ClientProvidedName = "s3consumer" };
        if (options.Uri is { } uri)
        {
            factory.Uri = uri;
        }
        else
        {
            factory.HostName = options.Host;
            factory.Port = options.Port;
            factory.VirtualHost = options.VirtualHost;
            factory.UserName = options.Username;
            factory.Password = options.Password;
        }

        var tls = options.Tls;
        if (!tls.Enabled && !factory.Ssl.Enabled)
        {
            return new BrokerConnection(factory, null, null);
        }

        var serverName = string.IsNullOrWhiteSpace(tls.ServerName) ? factory.HostName : tls.ServerName;
        var certificates = new BrokerCertificateCheck(TrustedCas(tls.CaFile), serverName, time ?? TimeProvider.System);
        var clientCertificate = tls.ClientCertFile is null ? null : X509Certificate2.CreateFromPemFile(tls.ClientCertFile, tls.ClientKeyFile);
        factory.Ssl = new SslOption
        {
            Enabled = true,
            ServerName = serverName,
            CertificateValidationCallback = certificates.Validate,
            Certs = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
        };
        return new BrokerConnection(factory, certificates, clientCertificate);
    }

    /// <summary>The CAs of a PEM file; null (the system's trust store) without one.</summary>
    public static X509Certificate2Collection? TrustedCas(string? caFile)
    {
        if (caFile is null)
        {
            return null;
        }

        var cas = new X509Certificate2Collection();
        cas.ImportFromPemFile(caFile);
        return cas;
    }

    /// <summary>Where it connects, without the password, so it is safe to log.</summary>
    public override string ToString() =>
        $"{(UsesTls ? "amqps" : "amqp")}://{Factory.UserName}@{Factory.HostName}:{Factory.Port}/{Uri.EscapeDataString(Factory.VirtualHost)} (password ***)";
}
