using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Configuration;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Configuration;

/// <summary>
/// The <c>S3CONSUMER_CONFIG</c> file, mounted as Kubernetes mounts a ConfigMap or Secret: the file is a symlink into
/// <c>..data</c>, itself a symlink that an update swaps to a new directory.
/// </summary>
public sealed class ConfigurationFileTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string mount = Directory.CreateTempSubdirectory("s3consumer-mount-").FullName;
    private readonly CapturedTelemetry captured = new();
    private int version;
    private IHost host = null!;

    private string ConfigFile => Path.Combine(mount, "config.json");

    private DestinationCatalog Catalog => host.Services.GetRequiredService<DestinationCatalog>();

    public async Task InitializeAsync()
    {
        Mount(Lake("first-bucket"));
        File.CreateSymbolicLink(ConfigFile, Path.Combine("..data", "config.json"));
        host = Build(("Destinations:lake:Bucket", "from-the-environment"), ("Destinations:lake:Region", "eu-west-1")).Build();
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(mount, recursive: true);
    }

    public void Dispose() => captured.Dispose();

    [Fact]
    public void The_file_is_read_after_the_environment_so_its_keys_win()
    {
        Assert.Equal(("first-bucket", "us-west-2"), (Catalog.Resolve("lake").Bucket, Catalog.Resolve("lake").Options.Region));
    }

    [Fact]
    public async Task A_swapped_mount_is_seen_and_applied_without_a_restart()
    {
        var changed = NextChange();

        Mount(Lake("second-bucket"));

        Assert.Equal(["lake"], (await changed.WaitAsync(Patience)).Changed);
        Assert.Equal("second-bucket", Catalog.Resolve("lake").Bucket);
        Assert.Single(captured.Logs, line => line.Contains("Destinations reloaded: added [], changed [lake], removed []", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_version_that_does_not_parse_is_refused_with_one_line_and_the_last_good_one_keeps_running()
    {
        Mount("""{ "Destinations": { "lake": { "Bucket": "second-bucket", """);
        await WaitForLogAsync("Configuration file refused, the previous version keeps running");
        Assert.Equal("first-bucket", Catalog.Resolve("lake").Bucket);

        var changed = NextChange();
        Mount(Lake("third-bucket"));
        await changed.WaitAsync(Patience);

        var refusal = Assert.Single(captured.Logs, line => line.Contains("refused", StringComparison.Ordinal));
        Assert.Contains($"{ConfigFile} is not a valid JSON configuration file: ", refusal, StringComparison.Ordinal);
        Assert.Equal("third-bucket", Catalog.Resolve("lake").Bucket);
    }

    [Fact]
    public async Task A_version_whose_destinations_do_not_validate_is_refused_by_the_catalog()
    {
        Mount("""{ "Destinations": { "lake": { "Bucket": "second-bucket", "Region": "us-west-2", "StorageClass": "COLD" } } }""");

        await WaitForLogAsync("Destinations configuration refused, the previous one keeps running: Destination 'lake': StorageClass 'COLD' is unknown");
        Assert.Equal("first-bucket", Catalog.Resolve("lake").Bucket);
    }

    [Fact]
    public void A_file_that_does_not_exist_stops_the_start_with_one_line()
    {
        var missing = Path.Combine(mount, "missing.json");

        var error = Assert.Throws<OptionsValidationException>(() => Build((ConfigurationFileRegistration.Variable, missing)));

        Assert.Equal([$"S3CONSUMER_CONFIG names {missing}, which does not exist."], error.Failures);
    }

    [Fact]
    public void A_file_that_does_not_parse_stops_the_start_with_one_line()
    {
        var broken = Path.Combine(mount, "broken.json");
        File.WriteAllText(broken, "{ \"Destinations\": ");

        var error = Assert.Throws<OptionsValidationException>(() => Build((ConfigurationFileRegistration.Variable, broken)));

        Assert.StartsWith($"{broken} is not a valid JSON configuration file: ", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private HostApplicationBuilder Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create(ConfigurationFileRegistration.Variable, (string?)ConfigFile)]);
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        builder.Logging.AddProvider(captured);
        builder.AddConfigurationFile();
        builder.Services.AddDestinations();
        return builder;
    }

    // As the kubelet updates a mount: the new version in a directory of its own, then "..data" swapped to it in one
    // rename(2) (mv -T; .NET's moves refuse a link to a directory).
    private void Mount(string json)
    {
        var directory = $"..{++version}";
        Directory.CreateDirectory(Path.Combine(mount, directory));
        File.WriteAllText(Path.Combine(mount, directory, "config.json"), json);
        var next = Path.Combine(mount, "..data_tmp");
        Directory.CreateSymbolicLink(next, directory);
        using var move = System.Diagnostics.Process.Start("mv", ["-T", next, Path.Combine(mount, "..data")]);
        move.WaitForExit();
        Assert.Equal(0, move.ExitCode);
    }

    private Task<DestinationsChangedEventArgs> NextChange()
    {
        var changed = new TaskCompletionSource<DestinationsChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        Catalog.Changed += (_, change) => changed.TrySetResult(change);
        return changed.Task;
    }

    private Task WaitForLogAsync(string text) =>
        Poll.UntilAsync(() => captured.Logs.Any(line => line.Contains(text, StringComparison.Ordinal)), Patience, $"a log line saying '{text}'",
            seen: () => string.Join('\n', captured.Logs));

    private static string Lake(string bucket) =>
        $$"""{ "Destinations": { "lake": { "Bucket": "{{bucket}}", "Region": "us-west-2" } } }""";
}
