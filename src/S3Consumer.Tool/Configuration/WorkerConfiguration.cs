using Microsoft.Extensions.Configuration;
using S3Consumer.Worker.Configuration;

namespace S3Consumer.Tool.Configuration;

/// <summary>
/// The worker's configuration, read in the worker's order: <c>appsettings.json</c>, <c>appsettings.{environment}.json</c>,
/// environment variables (<c>Destinations__crm__Bucket</c>), the file <c>S3CONSUMER_CONFIG</c> names, then the tool's
/// own <c>--set</c> values, which stand where the worker's command-line arguments do.
/// </summary>
internal static class WorkerConfiguration
{
    public static IConfigurationRoot Build(string directory, string environment, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"the configuration directory '{root}' does not exist: --config names the directory of the worker's appsettings.json.");
        }

        var builder = new ConfigurationBuilder()
            .SetBasePath(root)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables();
        if (Environment.GetEnvironmentVariable(ConfigurationFileRegistration.Variable) is { Length: > 0 } extra)
        {
            builder.Add(ConfigurationFileRegistration.Source(Path.GetFullPath(extra)));
        }

        return builder.AddInMemoryCollection(settings).Build();
    }

    /// <summary>The environment the worker would run in: <c>DOTNET_ENVIRONMENT</c>, else <c>ASPNETCORE_ENVIRONMENT</c>, else Production.</summary>
    public static string DefaultEnvironment =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
}
