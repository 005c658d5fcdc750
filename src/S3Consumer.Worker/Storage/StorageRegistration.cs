using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Storage;

internal static class StorageRegistration
{
    public static IServiceCollection AddS3Storage(this IServiceCollection services)
    {
        services.AddOptions<S3Options>().BindConfiguration(S3Options.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<S3Options>, S3OptionsValidator>();
        services.AddSingleton<DestinationSenders>();
        services.AddSingleton<S3ObjectStore>();
        return services;
    }
}
