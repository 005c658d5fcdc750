using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace S3Consumer.Core.Routing;

public static class RoutingRegistration
{
    /// <summary>Binds <c>Routing</c>, checks the manifest (read once) and default at start, and registers the router and the way from a message to its destination (with the destinations).</summary>
    public static IServiceCollection AddMessageRouting(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingValidator>();
        services.AddSingleton<RoutingManifest>();
        services.AddSingleton<DestinationRouter>();
        services.AddSingleton<MessageDestinations>();
        return services;
    }
}
