namespace S3Consumer.Worker.Delivery;

internal static class DeliveryRegistration
{
    /// <summary>The delivery of a message, from its destination to its write or its batch.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryTelemetry>();
        services.AddSingleton<ObjectDelivery>();
        return services;
    }
}
