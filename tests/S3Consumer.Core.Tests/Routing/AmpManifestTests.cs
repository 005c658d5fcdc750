using S3Consumer.Core.Routing;

namespace S3Consumer.Core.Tests.Routing;

public sealed class AmpManifestTests
{
    // A fuller manifest in the same format: a subscribe section, a second provider, objects with other keys of the
    // format (schedules, fields, mappings) and one without a destination (Ampersand sends it to its default).
    private const string TwoIntegrations = """
        specVersion: 1.0.0
        integrations:
          - name: salesforceHistory
            provider: salesforce
            read:
              objects:
                - objectName: account
                  destination: accountsHistory
                  schedule: "*/10 * * * *"
                  requiredFields:
                    - fieldName: name
                - objectName: lead
            subscribe:
              objects:
                - objectName: account
                  destination: accountsLive
                  inheritFieldsAndMapping: true
          - name: hubspotToS3
            provider: hubspot
            read:
              objects:
                - objectName: contacts
                  destination: ampersandS3Bucket
                  mapToName: people
        """;

    [Theory]
    [InlineData("read", "salesforce", "account", "ampersandS3Bucket")]
    [InlineData("read", "salesforce", "contact", "ampersandS3Bucket")]
    [InlineData("read", "salesforce", "ACCOUNT", "ampersandS3Bucket")]
    [InlineData("subscribe", "salesforce", "account", "ampersandS3Bucket")]
    [InlineData("read", "hubspot", "account", null)]
    [InlineData("read", null, "account", null)]
    [InlineData("read", "salesforce", "opportunity", null)]
    [InlineData("read", "salesforce", null, null)]
    public void Source_example_routes_its_objects_of_its_provider(string action, string? provider, string? objectName, string? destination)
    {
        var manifest = AmpManifest.Parse(ManifestFile.SourceExample, "amp.yaml");

        Assert.Equal(destination, manifest.DestinationOf(action, provider, objectName));
    }

    [Theory]
    [InlineData("read", "salesforce", "account", "accountsHistory")]
    [InlineData("subscribe", "salesforce", "account", "accountsLive")]
    [InlineData("read", "salesforce", "lead", null)]
    [InlineData("read", "hubspot", "contacts", "ampersandS3Bucket")]
    [InlineData("subscribe", "hubspot", "contacts", "ampersandS3Bucket")]
    [InlineData("read", "hubspot", "people", null)]
    public void An_object_of_the_message_action_section_wins_and_the_other_section_is_the_fallback(
        string action, string provider, string objectName, string? destination)
    {
        var manifest = AmpManifest.Parse(TwoIntegrations, "amp.yaml");

        Assert.Equal(destination, manifest.DestinationOf(action, provider, objectName));
    }

    [Fact]
    public void Integration_that_names_no_provider_matches_every_provider_and_one_that_does_is_preferred()
    {
        var manifest = AmpManifest.Parse("""
            integrations:
              - name: any
                read:
                  objects:
                    - objectName: contacts
                      destination: everyone
              - name: hubspotOnly
                provider: hubspot
                read:
                  objects:
                    - objectName: contacts
                      destination: hubspotContacts
            """, "amp.yaml");

        Assert.Equal(("hubspotContacts", "everyone", "everyone"),
            (manifest.DestinationOf("read", "hubspot", "contacts"), manifest.DestinationOf("read", "salesforce", "contacts"),
             manifest.DestinationOf("read", null, "contacts")));
    }

    [Fact]
    public void Lists_only_objects_that_name_a_destination()
    {
        var manifest = AmpManifest.Parse(TwoIntegrations, "amp.yaml");

        Assert.Equal(
            ["read account of salesforce in salesforceHistory -> accountsHistory", "subscribe account of salesforce in salesforceHistory -> accountsLive",
             "read contacts of hubspot in hubspotToS3 -> ampersandS3Bucket"],
            manifest.Routes.Select(route => $"{route.Action} {route.ObjectName} of {route.Provider} in {route.Integration} -> {route.Destination}"));
    }

    [Theory]
    [InlineData("integrations:\n  - name: a\n   provider: x\n", "Routing:Manifest 'amp.yaml' is not an amp.yaml (line 3, column ")]
    [InlineData("integrations:\n  name: a\n", "Routing:Manifest 'amp.yaml' is not an amp.yaml (line 2, column 3")]
    [InlineData("integrations:\n  - name: a\n    read:\n      objects:\n        - destination: lake\n",
        "Routing:Manifest 'amp.yaml': object #1 of the read section of integration 'a' has no objectName.")]
    [InlineData("integrations:\n  - name: a\n    read:\n      objects:\n        - objectName: x\n          destination: one\n  - name: b\n    read:\n      objects:\n        - objectName: X\n          destination: two\n",
        "Routing:Manifest 'amp.yaml': read object 'X' goes to 'one' in integration 'a' and to 'two' in integration 'b': give it one destination.")]
    public void Manifest_that_is_not_an_amp_yaml_says_where_and_what_to_fix(string yaml, string says)
    {
        var error = Assert.Throws<FormatException>(() => AmpManifest.Parse(yaml, "amp.yaml"));

        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_names_the_setting_and_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<FormatException>(() => AmpManifest.Load(path));

        Assert.Equal($"Routing:Manifest '{path}' cannot be read (FileNotFoundException): point it at the amp.yaml file.", error.Message);
    }

    [Fact]
    public void Empty_manifest_routes_nothing()
    {
        Assert.Empty(AmpManifest.Parse("", "amp.yaml").Routes);
    }
}
