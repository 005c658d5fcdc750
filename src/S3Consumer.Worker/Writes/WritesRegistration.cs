using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Writes;

internal static class WritesRegistration
{
    /// <summary>The one write step of both paths, and the availability of the destinations it writes to.</summary>
    public static IServiceCollection AddWrites(this IServiceCollection services)
    {
        services.AddOptions<HoldOptions>().BindConfiguration(HoldOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HoldOptions>, HoldOptionsValidator>();
        services.AddSingleton<DestinationAvailability>();
        services.AddSingleton<WriteTelemetry>();
        services.AddSingleton<WriteStep>();
        return services;
    }
}
