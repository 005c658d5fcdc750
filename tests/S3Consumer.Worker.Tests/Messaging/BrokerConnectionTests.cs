using Microsoft.Extensions.Options;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Messaging;

/// <summary>The RabbitMq settings turned into a connection: the URI as the RabbitMQ URI specification reads it, and never the password in print.</summary>
public sealed class BrokerConnectionTests
{
    [Fact]
    public void An_amqps_uri_gives_tls_on_port_5671_with_the_percent_encoded_user_password_and_vhost_decoded()
    {
        var connection = BrokerConnection.From(new RabbitMqOptions { Uri = new Uri("amqps://ops%40acme:p%3Ass%2Fw0rd@b-1.mq.us-east-1.amazonaws.com/prod%2Feu") });

        var factory = connection.Factory;
        Assert.Equal(("b-1.mq.us-east-1.amazonaws.com", 5671, "prod/eu"), (factory.HostName, factory.Port, factory.VirtualHost));
        Assert.Equal(("ops@acme", "p:ss/w0rd"), (factory.UserName, factory.Password));
        Assert.True(connection.UsesTls);
        Assert.Equal("b-1.mq.us-east-1.amazonaws.com", factory.Ssl.ServerName);
    }

    [Theory]
    [InlineData("amqp://rabbit", 5672, "/")]
    [InlineData("amqp://rabbit:5700/%2F", 5700, "/")]
    [InlineData("amqp://rabbit/", 5672, "/")]
    public void An_amqp_uri_gives_plain_amqp_on_5672_and_the_default_vhost(string uri, int port, string virtualHost)
    {
        var connection = BrokerConnection.From(new RabbitMqOptions { Uri = new Uri(uri) });

        Assert.Equal(("rabbit", port, virtualHost, false), (connection.Factory.HostName, connection.Factory.Port, connection.Factory.VirtualHost, connection.UsesTls));
    }

    [Fact]
    public void Without_a_uri_the_separate_keys_hold_and_tls_takes_its_server_name()
    {
        var options = new RabbitMqOptions { Host = "rabbit", Port = 5671, Username = "u", Password = "p", Heartbeat = TimeSpan.FromSeconds(20) };
        options.Tls.Enabled = true;
        options.Tls.ServerName = "rabbit.internal";

        var connection = BrokerConnection.From(options);

        Assert.Equal(("rabbit", 5671, "u", "rabbit.internal"), (connection.Factory.HostName, connection.Factory.Port, connection.Factory.UserName, connection.Factory.Ssl.ServerName));
        Assert.Equal(TimeSpan.FromSeconds(20), connection.Factory.RequestedHeartbeat);
    }

    [Fact]
    public void The_password_is_never_printed()
    {
        var options = new RabbitMqOptions { Uri = new Uri("amqps://ops:SENTINEL-broker-password@rabbit:5671/prod") };

        Assert.Equal("amqps://ops@rabbit:5671/prod (password ***)", options.ToString());
        Assert.Equal("amqps://ops@rabbit:5671/prod (password ***)", BrokerConnection.From(options).ToString());
    }

    [Theory]
    [InlineData("http://rabbit", "RabbitMq:Uri must look like amqps://user:password@host:5671/vhost, with / @ : and % in the user, password and vhost percent-encoded; the scheme must be amqp or amqps.")]
    [InlineData("amqp://u:SENTINEL:x@rabbit/a/b", "RabbitMq:Uri must look like amqps://user:password@host:5671/vhost, with / @ : and % in the user, password and vhost percent-encoded.")]
    public void A_wrong_uri_is_refused_without_quoting_it(string uri, string says)
    {
        var result = new RabbitMqOptionsValidator().Validate(null, new RabbitMqOptions { Uri = new Uri(uri) });

        Assert.Equal([says], result.Failures);
    }

    [Fact]
    public void Tls_files_need_tls_and_a_client_certificate_needs_its_key()
    {
        var options = new RabbitMqOptions();
        options.Tls.ClientCertFile = "/nowhere/client.pem";

        var result = new RabbitMqOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["RabbitMq:Tls settings are given but TLS is off: use an amqps:// RabbitMq:Uri or set RabbitMq:Tls:Enabled to true.",
             "RabbitMq:Tls:ClientCertFile and RabbitMq:Tls:ClientKeyFile go together: set both (PEM certificate and its key), or neither."],
            result.Failures);
    }

    [Fact]
    public void A_missing_ca_file_is_named()
    {
        var options = new RabbitMqOptions { Uri = new Uri("amqps://rabbit") };
        options.Tls.CaFile = "/nowhere/ca.pem";

        var failure = Assert.Single(new RabbitMqOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("RabbitMq:Tls:CaFile '/nowhere/ca.pem' cannot be read as PEM:", failure);
    }
}
