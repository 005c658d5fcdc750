namespace S3Consumer.Worker.Batches;

internal static class BatchesRegistration
{
    /// <summary>The batches of the destinations that write them, their writes, and the room the queues make for them.</summary>
    public static IServiceCollection AddBatches(this IServiceCollection services)
    {
        services.AddSingleton<BatchTelemetry>();
        services.AddSingleton<BatchWrites>();
        services.AddSingleton<BatcherRegistry>();
        services.AddSingleton<BatchRoom>();
        return services;
    }

    /// <summary>
    /// The stop that writes the open batches: to be registered after the bus, so that it is stopped before it, while the
    /// bus can still acknowledge their messages.
    /// </summary>
    public static IServiceCollection AddBatchesStop(this IServiceCollection services) => services.AddHostedService<BatchesStop>();
}
