using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Destinations;

/// <summary>README.md's "Configuration": each destination's keys, their defaults, and a bad one stopping the start with what to fix.</summary>
public sealed partial class DestinationsConfigurationTests
{
    private const string Secret = "SENTINEL-secret-access-key";
    private const string Token = "SENTINEL-session-token";

    [Fact]
    public void Binds_every_key_of_a_destination()
    {
        var destination = Examples.Catalog(
            ("Destinations:crm:Bucket", "crm-bucket"),
            ("Destinations:crm:Region", "eu-west-1"),
            ("Destinations:crm:AccessKeyId", "AKIA1"),
            ("Destinations:crm:SecretAccessKey", Secret),
            ("Destinations:crm:SessionToken", Token),
            ("Destinations:crm:ObjectKeyTemplate", "metadata.operationId"),
            ("Destinations:crm:StorageClass", "GLACIER_IR"),
            ("Destinations:crm:Id", "dest-42"),
            ("Destinations:crm:ServiceUrl", "http://localhost:9000"),
            ("Destinations:crm:ForcePathStyle", "true")).Resolve("crm");

        Assert.Equal(("crm-bucket", "eu-west-1", "AKIA1", Secret, Token), (destination.Bucket, destination.Options.Region,
            destination.Options.AccessKeyId, destination.Options.SecretAccessKey, destination.Options.SessionToken));
        Assert.Equal(("metadata.operationId", "dest-42", true), (destination.KeyTemplate.Text, destination.Id, destination.Options.ForcePathStyle));
        Assert.Equal("GLACIER_IR", destination.StorageClass);
        Assert.Equal(new Uri("http://localhost:9000"), destination.Options.ServiceUrl);
    }

    [Fact]
    public void Defaults_are_standard_storage_the_default_key_and_the_name_as_id()
    {
        var destination = Examples.Catalog(("Destinations:crm:Bucket", "b"), ("Destinations:crm:Region", "us-west-2")).Resolve("crm");

        Assert.Equal(("STANDARD", "crm", Core.Keys.ObjectKeyTemplate.DefaultText, false),
            (destination.StorageClass, destination.Id, destination.KeyTemplate.Text, destination.Options.ForcePathStyle));
    }

    [Fact]
    public void A_storage_class_in_any_case_is_kept_as_s3_spells_it()
    {
        var destination = Examples.Catalog(Valid(("Destinations:crm:StorageClass", "glacier_ir"))).Resolve("crm");

        Assert.Equal("GLACIER_IR", destination.StorageClass);
    }

    [Theory]
    [InlineData("Bucket", "Destination 'crm': Bucket is missing; set the name of the S3 bucket to write to.")]
    [InlineData("Region", "Destination 'crm': Region is missing; set the bucket's AWS region, e.g. us-west-2.")]
    public void Missing_bucket_or_region_stops_the_start(string missing, string says)
    {
        var settings = new[] { ("Destinations:crm:Bucket", "b"), ("Destinations:crm:Region", "r") }
            .Where(setting => !setting.Item1.EndsWith(missing, StringComparison.Ordinal)).ToArray();

        Assert.Equal([says], Failures(settings));
    }

    [Fact]
    public void Unknown_storage_class_lists_the_valid_ones()
    {
        Assert.Equal(
            ["Destination 'crm': StorageClass 'COLD' is unknown; use one of STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, GLACIER_IR, DEEP_ARCHIVE."],
            Failures(Valid(("Destinations:crm:StorageClass", "COLD"))));
    }

    [Fact]
    public void Unparsable_template_names_the_destination_and_quotes_the_parser()
    {
        Assert.Equal(
            ["Destination 'crm': ObjectKeyTemplate join('/', [metadata.objectName does not parse: Error(1, 29): syntax, near ''."],
            Failures(Valid(("Destinations:crm:ObjectKeyTemplate", "join('/', [metadata.objectName"))));
    }

    [Fact]
    public void Half_given_credentials_are_refused_without_showing_them()
    {
        var failures = Failures(Valid(("Destinations:crm:SecretAccessKey", Secret), ("Destinations:crm:SessionToken", Token)));

        Assert.Equal(
            ["Destination 'crm': AccessKeyId and SecretAccessKey go together; set both, or neither to use the AWS default credential chain.",
             "Destination 'crm': SessionToken needs AccessKeyId and SecretAccessKey beside it."],
            failures);
        Assert.DoesNotContain(failures, failure => failure.Contains("SENTINEL", StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_that_does_not_convert_names_its_key_but_never_the_value()
    {
        Assert.Equal(
            ["Destination 'crm': the value of Destinations:crm:ServiceUrl does not convert to its type (true or false, a number, an absolute URL, a time as hh:mm:ss...)."],
            Failures(Valid(("Destinations:crm:ServiceUrl", $"http://user:{Secret}@s3.example:port"))));
    }

    [Fact]
    public void No_destination_at_all_stops_the_start() =>
        Assert.Equal(["No destination is configured: add one with Destinations:<name>:Bucket and Destinations:<name>:Region."], Failures());

    [Theory]
    [InlineData(null, ObjectEnvelope.Data)]
    [InlineData("data", ObjectEnvelope.Data)]
    [InlineData("NONE", ObjectEnvelope.None)]
    public void Envelope_is_data_unless_set_to_none(string? envelope, ObjectEnvelope expected)
    {
        var settings = envelope is null ? Valid() : Valid(("Destinations:crm:Envelope", envelope));

        Assert.Equal(expected, Examples.Catalog(settings).Resolve("crm").Envelope);
    }

    [Fact]
    public void An_unknown_envelope_stops_the_start() =>
        Assert.Equal(
            ["Destination 'crm': Envelope 'raw' is unknown; use one of data, none: data writes {\"data\": <message>}, none the message itself."],
            Failures(Valid(("Destinations:crm:Envelope", "raw"))));

    [Fact]
    public void At_start_each_destination_whose_template_may_lose_or_park_messages_is_warned_of_once()
    {
        using var services = Examples.Services(
            ("Destinations:byOperation:Bucket", "b"), ("Destinations:byOperation:Region", "r"),
            ("Destinations:byOperation:ObjectKeyTemplate", "join('/', [metadata.objectName, metadata.operationId])"),
            ("Destinations:byEvent:Bucket", "b"), ("Destinations:byEvent:Region", "r"),
            ("Destinations:byEvent:ObjectKeyTemplate", "join('/', [metadata.objectName, metadata.\"event-id\"])"),
            ("Destinations:byName:Bucket", "b"), ("Destinations:byName:Region", "r"),
            ("Destinations:byName:ObjectKeyTemplate", "join('/', [metadata.objectName, 'all.json'])"),
            ("Destinations:batched:Bucket", "b"), ("Destinations:batched:Region", "r"), ("Destinations:batched:Batch:MaxMessages", "10"),
            ("Destinations:plain:Bucket", "b"), ("Destinations:plain:Region", "r"));

        _ = services.GetRequiredService<DestinationCatalog>();

        Assert.Equal(
            ["Warning: Destination 'byName': object key template join('/', [metadata.objectName, 'all.json']) does not read metadata.\"event-id\", " +
             "so two messages may get one key and the later replace the earlier (with Overwrite false, be taken for it): the messages of one read " +
             "share an operationId, as a large read arrives as several messages. Use metadata.\"event-id\" in it, e.g. " +
             "join('/', [metadata.objectName, time.date, metadata.\"event-id\"]).",
             "Warning: Destination 'byOperation': object key template join('/', [metadata.objectName, metadata.operationId]) does not read " +
             "metadata.\"event-id\", so two messages may get one key and the later replace the earlier (with Overwrite false, be taken for it): the " +
             "messages of one read share an operationId, as a large read arrives as several messages; and it reads metadata.operationId, which " +
             "subscribe messages do not carry, so every subscribe message it gets goes to the error queue. Use metadata.\"event-id\" in it, e.g. " +
             "join('/', [metadata.objectName, time.date, metadata.\"event-id\"])."],
            services.GetRequiredService<RecordedLog>().Lines);
    }

    [Fact]
    public void Secrets_never_appear_when_a_destination_is_printed()
    {
        var destination = Examples.Catalog(Valid(
            ("Destinations:crm:AccessKeyId", "AKIA1"), ("Destinations:crm:SecretAccessKey", Secret), ("Destinations:crm:SessionToken", Token))).Resolve("crm");

        Assert.DoesNotContain("SENTINEL", destination.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SENTINEL", destination.Options.ToString(), StringComparison.Ordinal);
        Assert.Contains("AKIA1", destination.ToString(), StringComparison.Ordinal);
    }

    private static (string, string)[] Valid(params (string, string)[] extra) =>
        [("Destinations:crm:Bucket", "b"), ("Destinations:crm:Region", "r"), .. extra];

    private static IEnumerable<string> Failures(params (string, string)[] settings)
    {
        using var services = Examples.Services(settings);
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);
        return error.Failures;
    }
}
