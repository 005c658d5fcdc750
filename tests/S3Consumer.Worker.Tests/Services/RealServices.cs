namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Tests that use the test broker and S3 server run one after another: a typed Publish reaches every queue bound to its
/// message type, so two workers running at once would see each other's messages, and some of these tests stop the S3
/// server and the broker. The collection runs beside the others, which never reach these two services (the cluster's
/// and the TLS node's tests have an S3 server of their own), and starts first, being the longest (<see cref="LongestCollectionsFirst"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealServices
{
    public const string Name = "real RabbitMQ and S3";
}
