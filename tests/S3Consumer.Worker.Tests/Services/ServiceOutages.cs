namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Tests that stop and start the test broker or S3 server: they run alone, after every collection that runs beside
/// others, since an outage would reach every test on the two services.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServiceOutages
{
    public const string Name = "outages of the test broker and S3 server";
}
