namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// A second lane of tests on the test broker and S3 server (batches, rows, storage, the tool and the benchmark's
/// smoke), one after another, beside the <see cref="RealServices"/> lane: each test has queues, buckets and fault proxies
/// of its own and publishes raw (typed publishers use a virtual host of their own), so two lanes never see each other's
/// messages. Neither lane stops the services: the tests that do run alone, after both (<see cref="ServiceOutages"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealServicesSecondLane
{
    public const string Name = "real RabbitMQ and S3, second lane";
}
