using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace S3Consumer.Worker.Configuration;

/// <summary>
/// Reloads the <c>S3CONSUMER_CONFIG</c> file when it changes. The file is polled (every 4 seconds, the file provider's
/// interval) because Kubernetes updates a mounted Secret or ConfigMap by swapping a symlink, which file system events
/// miss. A version that is missing or does not parse is refused with one log line and the last good one stays; whether
/// what it says is valid is for its readers to judge (the destination catalog refuses destinations that are not).
/// </summary>
internal sealed partial class ConfigurationFileWatcher(
    string path, JsonConfigurationSource source, IConfiguration configuration, ILogger<ConfigurationFileWatcher> logger) : IHostedService, IDisposable
{
    private readonly PhysicalFileProvider polled = new(Path.GetDirectoryName(path)!, ExclusionFilters.None)
    {
        UsePollingFileWatcher = true,
        UseActivePolling = true,
    };

    private IDisposable? watching;
    private string? refused;

    /// <summary>Why the file could not be read, in one line; null for a failure that is not the file's.</summary>
    public static string? Problem(string path, Exception error) => error switch
    {
        FileNotFoundException => $"{ConfigurationFileRegistration.Variable} names {path}, which does not exist.",
        InvalidDataException => $"{path} is not a valid JSON configuration file: {error.GetBaseException().Message}",
        IOException or UnauthorizedAccessException => $"{path} cannot be read: {error.Message}",
        _ => null,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var provider = ((IConfigurationRoot)configuration).Providers.OfType<JsonConfigurationProvider>().Single(provider => provider.Source == source);
        watching = ChangeToken.OnChange(() => polled.Watch(source.Path!), () => Reload(provider));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        watching?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        watching?.Dispose();
        polled.Dispose();
    }

    private void Reload(JsonConfigurationProvider provider)
    {
        try
        {
            // Load keeps the keys it has when the file is missing or does not parse, and tells the configuration's
            // listeners only when it read a new version.
            provider.Load();
            refused = null;
            LogReloaded(path);
        }
        catch (Exception error) when (Problem(path, error) is { } problem)
        {
            if (problem != refused)
            {
                refused = problem;
                LogRefused(problem);
            }
        }
        catch (AggregateException error) when (error.Flatten().InnerExceptions.All(inner => inner is OptionsValidationException or InvalidOperationException))
        {
            // Read, but an options monitor threw back a section that no longer validates. The destination catalog
            // refuses and logs its part; S3, Queues and RabbitMq are read at start only and take effect at a restart.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Configuration file {Path} read again")]
    private partial void LogReloaded(string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration file refused, the previous version keeps running: {Problem}")]
    private partial void LogRefused(string problem);
}
