using Microsoft.Extensions.Configuration;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Routing;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Results;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>The worker's services from a message to its object (destinations, routing, results, S3, writes, batches, delivery) over the given settings, without a bus.</summary>
internal static class DeliveryServices
{
    public static IServiceCollection Over(IEnumerable<KeyValuePair<string, string?>> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddMetrics()
            .AddSingleton<WorkerTelemetry>()
            .AddDestinations()
            .AddMessageRouting()
            .AddResults()
            .AddS3Storage()
            .AddWrites()
            .AddBatches()
            .AddDelivery();
}
