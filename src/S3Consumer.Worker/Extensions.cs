using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker;

public static class Extensions
{
    /// <summary>Everything the worker runs: destinations, S3, the bus and its consumers.</summary>
    public static IHostApplicationBuilder AddS3Consumer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDestinations();
        builder.Services.AddS3Storage();
        builder.Services.AddMessaging();
        return builder;
    }

    public static WebApplication MapS3ConsumerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
