namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Tests that use the real broker run one after another: a typed Publish reaches every queue bound to its
/// message type, so two workers running at once would see each other's messages. The collection runs alone, after
/// every other one (xunit runs collections that disable parallelization last): some of its tests stop the S3 server
/// and the broker.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealServices
{
    public const string Name = "real RabbitMQ and S3";
}
