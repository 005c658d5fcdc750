using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace S3Consumer.Core.Routing;

public static class RoutingRegistration
{
    /// <summary>Binds <c>Routing</c>, checks the manifest and default at start, and registers the router.</summary>
    public static IServiceCollection AddMessageRouting(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingValidator>();
        services.AddSingleton<DestinationRouter>();
        return services;
    }
}
