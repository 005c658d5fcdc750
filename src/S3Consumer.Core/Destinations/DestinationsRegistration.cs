using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace S3Consumer.Core.Destinations;

public static class DestinationsRegistration
{
    /// <summary>
    /// Binds <c>Destinations:&lt;name&gt;</c>, validates it at start, and registers the catalog of destinations, which
    /// follows the configuration as it reloads.
    /// </summary>
    public static IServiceCollection AddDestinations(this IServiceCollection services)
    {
        services.AddOptions<ConfiguredDestinations>().BindConfiguration(ConfiguredDestinations.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConfiguredDestinations>, DestinationsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DestinationCatalog>();
        services.AddHostedService(provider => provider.GetRequiredService<DestinationCatalog>());
        return services;
    }
}
