using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Messaging;

/// <summary>Every <c>Queues</c> option is checked at start against what RabbitMQ takes, each refusal one line naming its key.</summary>
public sealed class QueueOptionsValidatorTests
{
    [Theory]
    [InlineData("Queues:Read", "", "Queues:Read is empty; set the name of the queue to consume.")]
    [InlineData("Queues:Subscribe", " orders", "Queues:Subscribe ' orders' starts or ends with white space; set the queue's name alone.")]
    [InlineData("Queues:Read", "amq.orders", "Queues:Read 'amq.orders' starts with 'amq.', which RabbitMQ keeps for its own queues.")]
    [InlineData("Queues:Subscribe", "s3consumer-read", "Queues:Read and Queues:Subscribe are both 's3consumer-read'; each action needs a queue of its own.")]
    [InlineData("Queues:ConcurrentMessageLimit", "0", "Queues:ConcurrentMessageLimit is 0; it must be between 1 and 10000 (messages written at once, per queue).")]
    [InlineData("Queues:PrefetchCount", "0", "Queues:PrefetchCount is 0; it must be between 1 and 65535 (0 would let the broker send the whole queue).")]
    public void A_bad_value_stops_the_start_with_the_line_that_names_it(string key, string value, string line)
    {
        using var services = Services((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<QueueOptions>>().Value);

        Assert.Contains(line, error.Failures);
    }

    [Fact]
    public void A_queue_name_longer_than_rabbitmq_takes_is_refused()
    {
        using var services = Services(("Queues:Read", new string('é', 128)));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<QueueOptions>>().Value);

        Assert.Equal(["Queues:Read is 256 bytes long; RabbitMQ takes at most 255."], error.Failures);
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
                .Build())
            .AddMessaging()
            .BuildServiceProvider();
}
