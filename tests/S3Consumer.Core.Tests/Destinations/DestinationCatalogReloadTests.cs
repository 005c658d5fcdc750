using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Tests.Destinations;

/// <summary>The catalog follows a JSON configuration file as it is rewritten and reloaded, refusing versions that are not valid.</summary>
public sealed class DestinationCatalogReloadTests : IDisposable
{
    private const string Secret = "SENTINEL-rotated-secret";
    private readonly string path = Path.Combine(Path.GetTempPath(), $"s3consumer-reload-{Guid.NewGuid():N}.json");
    private readonly IConfigurationRoot configuration;
    private readonly ServiceProvider services;
    private readonly List<DestinationsChangedEventArgs> changes = [];

    public DestinationCatalogReloadTests()
    {
        Write(Lake("first-bucket"));
        configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        services = Examples.Services(configuration);
        Catalog.Changed += (_, change) => changes.Add(change);
    }

    private DestinationCatalog Catalog => services.GetRequiredService<DestinationCatalog>();

    private System.Collections.Concurrent.ConcurrentQueue<string> Log => services.GetRequiredService<RecordedLog>().Lines;

    [Fact]
    public void A_new_bucket_and_template_take_effect_and_are_announced_once()
    {
        Reload(Lake("second-bucket", template: "join('/', ['fixed', metadata.\"event-id\"])"));

        var lake = Catalog.Resolve("lake");
        Assert.Equal(("second-bucket", "join('/', ['fixed', metadata.\"event-id\"])"), (lake.Bucket, lake.KeyTemplate.Text));
        var change = Assert.Single(changes);
        Assert.Equal(["lake"], change.Changed);
        Assert.Empty(change.Added.Concat(change.Removed));
        Assert.Equal(["Information: Destinations reloaded: added [], changed [lake], removed []"], Log);
    }

    [Fact]
    public void A_reloaded_template_that_may_give_two_messages_one_key_is_warned_of_once()
    {
        Reload(Lake("second-bucket", template: "'fixed.json'"));

        Assert.Equal(
            ["Information: Destinations reloaded: added [], changed [lake], removed []",
             "Warning: Destination 'lake': object key template 'fixed.json' does not read metadata.\"event-id\", so two messages may get one key " +
             "and the later replace the earlier (with Overwrite false, be taken for it): the messages of one read share an operationId, as a large " +
             "read arrives as several messages. Use metadata.\"event-id\" in it, e.g. join('/', [metadata.objectName, time.date, metadata.\"event-id\"])."],
            Log);
    }

    [Fact]
    public void A_destination_added_resolves_and_one_removed_becomes_unknown()
    {
        Reload(Destinations(("crm", Destination("crm-bucket"))));

        Assert.Equal("crm-bucket", Catalog.Resolve("crm").Bucket);
        var unknown = Assert.Throws<UndeliverableMessageException>(() => Catalog.Resolve("lake"));
        Assert.Equal(UndeliverableReason.UnknownDestination, unknown.Reason);
        Assert.Contains("Destination 'lake' is not configured (configured: crm)", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(["Information: Destinations reloaded: added [crm], changed [], removed [lake]"], Log);
    }

    [Fact]
    public void An_invalid_version_is_refused_with_one_line_and_the_previous_one_keeps_running()
    {
        var before = Catalog.Resolve("lake");

        Reload(Destinations(("lake", new { Bucket = "second-bucket" })));
        Reload(Destinations(("lake", new { Bucket = "second-bucket" })));

        Assert.Same(before, Catalog.Resolve("lake"));
        Assert.Empty(changes);
        Assert.Equal(
            ["Error: Destinations configuration refused, the previous one keeps running: Destination 'lake': Region is missing; set the bucket's AWS region, e.g. us-west-2."],
            Log);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_refused_naming_its_key()
    {
        Reload(Destinations(("lake", new { Bucket = "b", Region = "us-west-2", ForcePathStyle = "sometimes" })));

        Assert.Equal("first-bucket", Catalog.Resolve("lake").Bucket);
        Assert.Equal(
            "Error: Destinations configuration refused, the previous one keeps running: Destination 'lake': the value of Destinations:lake:ForcePathStyle does not convert to its type (true or false, a number, an absolute URL, a time as hh:mm:ss...).",
            Assert.Single(Log));
    }

    [Fact]
    public void After_a_refusal_the_next_valid_version_applies()
    {
        Reload(Destinations(("lake", new { Region = "us-west-2" })));

        Reload(Lake("second-bucket"));

        Assert.Equal("second-bucket", Catalog.Resolve("lake").Bucket);
        Assert.Equal(2, Log.Count);
    }

    [Fact]
    public void New_credentials_change_only_their_destination_and_are_never_logged()
    {
        Reload(Destinations(("lake", Destination("first-bucket")), ("crm", Destination("crm-bucket"))));
        var crm = Catalog.Resolve("crm");
        var lake = Catalog.Resolve("lake");

        Reload(Destinations(("lake", Destination("first-bucket") with { SecretAccessKey = Secret }), ("crm", Destination("crm-bucket"))));

        Assert.Same(crm, Catalog.Resolve("crm"));
        Assert.NotSame(lake, Catalog.Resolve("lake"));
        Assert.Equal(Secret, Catalog.Resolve("lake").Options.SecretAccessKey);
        Assert.Equal(["lake"], changes[^1].Changed);
        Assert.DoesNotContain(Log, line => line.Contains("SENTINEL", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_rewritten_as_it_was_changes_nothing()
    {
        var before = Catalog.Resolve("lake");

        Reload(Lake("first-bucket"));

        Assert.Same(before, Catalog.Resolve("lake"));
        Assert.Empty(changes);
        Assert.Empty(Log);
    }

    [Fact]
    public void Find_gives_what_a_name_resolves_to_now_and_null_once_it_is_removed()
    {
        var before = Catalog.Resolve("lake");
        Assert.Same(before, Catalog.Find("LAKE"));

        Reload(Lake("second-bucket"));

        Assert.NotSame(before, Catalog.Find("lake"));
        Assert.Same(Catalog.Resolve("lake"), Catalog.Find("lake"));

        Reload(Destinations(("sea", Destination("second-bucket"))));

        Assert.Null(Catalog.Find("lake"));
    }

    public void Dispose()
    {
        services.Dispose();
        File.Delete(path);
    }

    private void Reload(string json)
    {
        Write(json);
        configuration.Reload();
    }

    private void Write(string json) => File.WriteAllText(path, json);

    private static string Lake(string bucket, string? template = null) =>
        Destinations(("lake", Destination(bucket) with { ObjectKeyTemplate = template }));

    private static DestinationJson Destination(string bucket) => new(bucket, "us-west-2", "AKIA1", "first-secret", null);

    private static string Destinations(params (string Name, object Options)[] destinations) =>
        System.Text.Json.JsonSerializer.Serialize(new { Destinations = destinations.ToDictionary(d => d.Name, d => d.Options) });

    private sealed record DestinationJson(string Bucket, string Region, string AccessKeyId, string SecretAccessKey, string? ObjectKeyTemplate);
}
