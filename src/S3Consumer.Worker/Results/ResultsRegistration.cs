using System.Net;
using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Results;

internal static class ResultsRegistration
{
    /// <summary>Binds <c>Results</c>, checks it at start, and registers the downloader with its own guarded HTTP client.</summary>
    public static IServiceCollection AddResults(this IServiceCollection services)
    {
        services.AddOptions<ResultsOptions>().BindConfiguration(ResultsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResultsOptions>, ResultsOptionsValidator>();
        services.AddSingleton<ResultHosts>();
        services.AddSingleton<ResultConnector>();
        services.AddSingleton<ResultDownloader>();
        services.AddHttpClient(ResultDownloader.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                // Redirects are followed by the downloader, only within the host; no proxy, so that the addresses
                // checked are the ones connected to.
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectCallback = provider.GetRequiredService<ResultConnector>().ConnectAsync,
            })
            // Its log lines would carry the request's URL.
            .RemoveAllLoggers();
        return services;
    }
}
