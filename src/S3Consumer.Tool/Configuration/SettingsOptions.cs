using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace S3Consumer.Tool.Configuration;

/// <summary>The options every command takes to find the worker's configuration; they go before or after the command.</summary>
internal sealed class SettingsOptions
{
    public Option<string> Directory { get; } = new("--config")
    {
        Description = "The directory of the worker's appsettings.json (and appsettings.<environment>.json).",
        DefaultValueFactory = _ => ".",
        HelpName = "directory",
        Recursive = true,
    };

    public Option<string> Environment { get; } = new("--environment")
    {
        Description = "The worker's environment, e.g. Development; default: DOTNET_ENVIRONMENT, else ASPNETCORE_ENVIRONMENT, else Production.",
        DefaultValueFactory = _ => WorkerConfiguration.DefaultEnvironment,
        HelpName = "name",
        Recursive = true,
    };

    public Option<KeyValuePair<string, string>[]> Settings { get; } = NameValue.Option(
        "--set", "key=value", "A configuration value, read last, as the worker's command-line arguments are: --set Destinations:crm:Bucket=my-bucket.");

    public SettingsOptions() => Settings.Recursive = true;

    public void AddTo(Command root)
    {
        root.Options.Add(Directory);
        root.Options.Add(Environment);
        root.Options.Add(Settings);
    }

    public IConfiguration Load(ParseResult parse) => WorkerConfiguration.Build(
        parse.GetValue(Directory)!,
        parse.GetValue(Environment)!,
        (parse.GetValue(Settings) ?? []).Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)));
}
