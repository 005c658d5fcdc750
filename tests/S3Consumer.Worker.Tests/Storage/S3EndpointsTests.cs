using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>A destination a reload changed (new credentials, say) gets a client of its own; one it left alone keeps its client.</summary>
public sealed class S3EndpointsTests
{
    [Fact]
    public void Each_version_of_a_destination_has_its_own_client_made_once()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<WorkerTelemetry>().BuildServiceProvider();
        using var endpoints = new S3EndpointCache(Options.Create(new S3Options()), services.GetRequiredService<WorkerTelemetry>(), NullLoggerFactory.Instance);
        var lake = Lake("AKIA-FIRST");
        var rotated = Lake("AKIA-ROTATED");

        Assert.Same(endpoints.For(lake), endpoints.For(lake));
        Assert.NotSame(endpoints.For(lake).Client, endpoints.For(rotated).Client);
    }

    private static Destination Lake(string accessKeyId) => new(
        "lake",
        new DestinationOptions { Bucket = "b", Region = "us-east-1", AccessKeyId = accessKeyId, SecretAccessKey = "secret" },
        "STANDARD",
        ObjectKeyTemplate.Default);
}
