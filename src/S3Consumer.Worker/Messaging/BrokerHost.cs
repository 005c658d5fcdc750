using MassTransit;

namespace S3Consumer.Worker.Messaging;

/// <summary>MassTransit's host, configured from a <see cref="BrokerConnection"/>.</summary>
internal static class BrokerHost
{
    public static void Host(this IRabbitMqBusFactoryConfigurator rabbit, BrokerConnection connection, Action<IRabbitMqHostConfigurator> configure)
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
                    ssl.CertificateValidationCallback = certificates.Validate;
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
}
