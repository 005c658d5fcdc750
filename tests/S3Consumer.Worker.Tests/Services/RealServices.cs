namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Tests on the test broker and S3 server, one after another, in two lanes that run beside each other (this one, and
/// <see cref="RealServicesSecondLane"/>), beside the cluster's and the TLS node's tests, which have an S3 server of
/// their own; the lanes start first, being the longest (<see cref="LongestCollectionsFirst"/>). Each test has queues,
/// buckets and fault proxies of its own and publishes raw, or typed on a virtual host of its own (a typed publish
/// reaches every queue bound to its message type on the virtual host). No test here stops a service: those that do
/// run alone, after the lanes (<see cref="ServiceOutages"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealServices
{
    public const string Name = "real RabbitMQ and S3";
}
