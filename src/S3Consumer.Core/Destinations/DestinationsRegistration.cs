using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Destinations;

public static class DestinationsRegistration
{
    /// <summary>Binds <c>Destinations:&lt;name&gt;</c>, validates it at start, and registers what turns messages into objects.</summary>
    public static IServiceCollection AddDestinations(this IServiceCollection services)
    {
        services.AddOptions<DestinationsOptions>().BindConfiguration(DestinationsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DestinationsOptions>, DestinationsValidator>();
        services.AddSingleton<DestinationCatalog>();
        services.AddSingleton<ObjectWriteBuilder>();
        return services;
    }
}
