using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Configuration;

internal static class ConfigurationFileRegistration
{
    /// <summary>The environment variable (or any configuration key) that names the extra JSON file.</summary>
    public const string Variable = "S3CONSUMER_CONFIG";

    /// <summary>
    /// Adds the JSON file <c>S3CONSUMER_CONFIG</c> names after every other source (appsettings, environment, command
    /// line), so its keys win, and reloads it while the worker runs. A file that is missing or does not parse at start
    /// stops the worker, as an invalid option does.
    /// </summary>
    public static IHostApplicationBuilder AddConfigurationFile(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration[Variable] is not { Length: > 0 } configured)
        {
            return builder;
        }

        var path = Path.GetFullPath(configured);
        var source = Source(path);
        try
        {
            builder.Configuration.Add(source);
        }
        catch (Exception error) when (ConfigurationFileWatcher.Problem(path, error) is { } problem)
        {
            throw new OptionsValidationException(Variable, typeof(JsonConfigurationSource), [problem]);
        }

        builder.Services.AddHostedService(services => new ConfigurationFileWatcher(
            path, source, services.GetRequiredService<IConfiguration>(), services.GetRequiredService<ILogger<ConfigurationFileWatcher>>()));
        return builder;
    }

    /// <summary>
    /// The file at <paramref name="path"/> (a full path) as a source the worker and the s3consumer tool both read it
    /// through, last of the configuration's sources; it must exist.
    /// </summary>
    public static JsonConfigurationSource Source(string path) => new()
    {
        // No exclusion filter: a dot-file, or a Kubernetes mount (whose files link into "..data"), is read as it is.
        FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!, ExclusionFilters.None),
        Path = Path.GetFileName(path),
        Optional = false,

        // ConfigurationFileWatcher reloads it: on a reload that fails, the stock reload would empty the file's keys.
        ReloadOnChange = false,
    };
}
