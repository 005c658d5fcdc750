using S3Consumer.Worker.Batches;

namespace S3Consumer.Worker.Delivery;

internal static class DeliveryRegistration
{
    /// <summary>The delivery of messages as objects, and the availability of their destinations.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DestinationAvailability>();
        services.AddSingleton<DeliveryTelemetry>();
        services.AddSingleton<ObjectWriter>();
        services.AddSingleton<BatchDelivery>();
        services.AddSingleton<BatchRoom>();
        services.AddSingleton<ObjectDelivery>();
        return services;
    }
}
