using MassTransit;

namespace S3Consumer.Worker.Messaging;

/// <summary>MassTransit's host, configured from a <see cref="BrokerConnection"/>.</summary>
internal static partial class BrokerHost
{
    public static void Host(this IRabbitMqBusFactoryConfigurator rabbit, BrokerConnection connection, ILogger logger, Action<IRabbitMqHostConfigurator> configure)
    {
        var factory = connection.Factory;
        rabbit.Host(factory.HostName, (ushort)factory.Port, factory.VirtualHost, host =>
        {
            host.Username(factory.UserName);
            host.Password(factory.Password);
            host.Heartbeat(factory.RequestedHeartbeat);
            if (connection.Certificates is { } certificates)
            {
                host.UseSsl(ssl =>
                {
                    ssl.ServerName = factory.Ssl.ServerName;

                    // The bus only reports that the certificate was refused; the log says why (e.g. after a certificate was rotated).
                    ssl.CertificateValidationCallback = (_, certificate, chain, errors) =>
                    {
                        if (certificates.Problem(certificate, chain, errors) is not { } problem)
                        {
                            return true;
                        }

                        LogRefused(logger, factory.HostName, factory.Port, problem);
                        return false;
                    };
                    if (connection.ClientCertificate is { } client)
                    {
                        // Offered whatever CAs the broker names as acceptable: the broker, not the worker, decides.
                        ssl.Certificate = client;
                        ssl.CertificateSelectionCallback = (_, _, _, _, _) => client;
                    }
                });
            }

            configure(host);
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker at {Host}:{Port} cannot be trusted: {Problem}")]
    private static partial void LogRefused(ILogger logger, string host, int port, string problem);
}
