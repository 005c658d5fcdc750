namespace S3Consumer.Worker.Storage;

internal static class StorageRegistration
{
    public static IServiceCollection AddS3Storage(this IServiceCollection services)
    {
        services.AddOptions<S3Options>().BindConfiguration(S3Options.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<S3Endpoints>();
        services.AddSingleton<S3ObjectStore>();
        services.AddSingleton<ObjectDelivery>();
        return services;
    }
}
