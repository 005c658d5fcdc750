using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Routing;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Tool.Configuration;

/// <summary>
/// The worker's own destinations and S3 writing, registered by the worker's own code over the worker's configuration,
/// so that a destination the tool checks is the destination the worker writes to.
/// </summary>
internal static class WorkerServices
{
    public static ServiceProvider Create(IConfiguration configuration)
    {
        var services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging()
            .AddMetrics()
            .AddSingleton<WorkerTelemetry>()
            .AddDestinations()
            .AddMessageRouting()
            .AddS3Storage();
        services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.SectionName);
        services.AddOptions<IngressOptions>().BindConfiguration(IngressOptions.SectionName);
        services.AddSingleton<IValidateOptions<IngressOptions>, IngressOptionsValidator>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>The worker's queue names, for the commands that only need those.</summary>
    public static QueueOptions Queues(IConfiguration configuration) =>
        configuration.GetSection(QueueOptions.SectionName).Get<QueueOptions>() ?? new QueueOptions();
}
