using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>A destination a reload changed (new credentials, say) gets a sender of its own; one it left alone keeps its sender.</summary>
public sealed class DestinationSendersTests
{
    [Fact]
    public void Each_version_of_a_destination_has_its_own_sender_made_once()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<WorkerTelemetry>().BuildServiceProvider();
        using var senders = new DestinationSenders(Options.Create(new S3Options()), services.GetRequiredService<WorkerTelemetry>(), NullLoggerFactory.Instance);
        var lake = Lake("AKIA-FIRST");
        var rotated = Lake("AKIA-ROTATED");

        Assert.Same(senders.For(lake), senders.For(lake));
        Assert.NotSame(senders.For(lake).Put, senders.For(rotated).Put);
    }

    private static Destination Lake(string accessKeyId) => new(
        "lake",
        new DestinationOptions { Bucket = "b", Region = "us-east-1", AccessKeyId = accessKeyId, SecretAccessKey = "secret" },
        "STANDARD",
        ObjectKeyTemplate.Default);
}
