using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Configuration;
using S3Consumer.Worker.Delivery;
using S3Consumer.Core.Routing;
using S3Consumer.Worker.Health;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Results;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker;

public static class Extensions
{
    /// <summary>Everything the worker runs: its configuration file, destinations, S3, the bus and its consumers, telemetry and health.</summary>
    public static WebApplicationBuilder AddS3Consumer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConfigurationFile();
        builder.Services.AddDestinations();
        builder.Services.AddMessageRouting();
        builder.Services.AddS3Storage();
        builder.Services.AddWrites();
        builder.Services.AddBatches();
        builder.Services.AddDelivery();
        builder.Services.AddResults();
        builder.Services.AddMessaging();

        // After the bus, so stopped before it: open batches are written while the bus can still acknowledge them.
        builder.Services.AddBatchesStop();
        builder.AddTelemetry();
        builder.AddHealth();
        return builder;
    }

    public static WebApplication MapS3ConsumerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapHealth();
    }
}
