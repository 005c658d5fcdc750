using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Messaging;

/// <summary>The <c>Ingress</c> options are checked at start once an exchange is set, each refusal one line naming its key.</summary>
public sealed class IngressOptionsValidatorTests
{
    [Fact]
    public void Without_an_exchange_there_is_no_ingress_and_nothing_to_check()
    {
        using var services = Services(("Ingress:Queue", " "));

        var ingress = services.GetRequiredService<IOptions<IngressOptions>>().Value;

        Assert.False(ingress.Enabled);
    }

    [Fact]
    public void The_defaults_are_queue_s3consumer_ingress_and_every_routing_key()
    {
        using var services = Services(("Ingress:Exchange", "ampersand"));

        var ingress = services.GetRequiredService<IOptions<IngressOptions>>().Value;

        Assert.Equal((true, "ampersand", "s3consumer-ingress", "#"), (ingress.Enabled, ingress.Exchange, ingress.Queue, ingress.RoutingKey));
    }

    [Theory]
    [InlineData("Ingress:Exchange", " ampersand", "Ingress:Exchange ' ampersand' starts or ends with white space; set the exchange's name alone.")]
    [InlineData("Ingress:Exchange", "s3consumer-read",
        "Ingress:Exchange 's3consumer-read' is the name of one of the worker's queues, under which the worker keeps an exchange of its own: name the publisher's exchange differently.")]
    [InlineData("Ingress:Queue", "s3consumer-subscribe", "Ingress:Queue 's3consumer-subscribe' is also Queues:Read or Queues:Subscribe; the ingress queue needs a name of its own.")]
    [InlineData("Ingress:Queue", "amq.ingress", "Ingress:Queue 'amq.ingress' starts with 'amq.', which RabbitMQ keeps for its own queues.")]
    public void A_bad_value_stops_the_start_with_the_line_that_names_it(string key, string value, string line)
    {
        using var services = Services(key == "Ingress:Exchange" ? [(key, value)] : [("Ingress:Exchange", "ampersand"), (key, value)]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IngressOptions>>().Value);

        Assert.Equal([line], error.Failures);
    }

    [Fact]
    public void A_routing_key_longer_than_rabbitmq_takes_is_refused()
    {
        using var services = Services(("Ingress:Exchange", "ampersand"), ("Ingress:RoutingKey", new string('k', 256)));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IngressOptions>>().Value);

        Assert.Equal(["Ingress:RoutingKey is 256 bytes long; RabbitMQ takes at most 255."], error.Failures);
    }

    [Theory]
    [InlineData("#", "s3consumer-check")]
    [InlineData("ampersand.*", "ampersand.s3consumer-check")]
    [InlineData("*.read.#", "s3consumer-check.read.s3consumer-check")]
    [InlineData("ampersand.read", "ampersand.read")]
    [InlineData("", "")]
    public void The_check_probe_gets_a_routing_key_the_binding_matches(string bindingKey, string routingKey) =>
        Assert.Equal(routingKey, IngressProbe.RoutingKeyFor(bindingKey));

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
                .Build());
        services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.SectionName);
        services.AddOptions<IngressOptions>().BindConfiguration(IngressOptions.SectionName);
        services.AddSingleton<IValidateOptions<IngressOptions>, IngressOptionsValidator>();
        return services.BuildServiceProvider();
    }
}
