using Microsoft.Extensions.Options;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Storage;

internal static class StorageRegistration
{
    public static IServiceCollection AddS3Storage(this IServiceCollection services)
    {
        services.AddOptions<S3Options>()
            .BindConfiguration(S3Options.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<QueueOptions>>(
                (s3, queues) => s3.MaxConnections >= 2 * queues.Value.ConcurrentMessageLimit,
                "S3:MaxConnections is below the writes one destination can have in flight (both queues' Queues:ConcurrentMessageLimit): set it to at least twice the limit, or writes wait for a connection.")
            .ValidateOnStart();
        services.AddSingleton<S3Endpoints>();
        services.AddSingleton<S3ObjectStore>();
        return services;
    }
}
