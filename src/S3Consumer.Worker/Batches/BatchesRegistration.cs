using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Batches;

internal static class BatchesRegistration
{
    /// <summary>
    /// Binds <c>Batches</c> and checks it at start; the batches of the destinations that write them, their writes, and
    /// the room the queues make for them.
    /// </summary>
    public static IServiceCollection AddBatches(this IServiceCollection services)
    {
        services.AddOptions<BatchesOptions>().BindConfiguration(BatchesOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BatchesOptions>, BatchesOptionsValidator>();
        services.AddSingleton<BatchTelemetry>();
        services.AddSingleton<BatchWrites>();
        services.AddSingleton<BatchRegistry>();
        services.AddSingleton<BatchRoom>();
        return services;
    }

    /// <summary>
    /// The stop that writes the open batches: to be registered after the bus, so that it is stopped before it, while the
    /// bus can still acknowledge their messages.
    /// </summary>
    public static IServiceCollection AddBatchesStop(this IServiceCollection services) => services.AddHostedService<BatchesStop>();
}
