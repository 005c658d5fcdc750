using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Routing;

namespace S3Consumer.Core.Tests.Routing;

public sealed class DestinationRouterTests : IDisposable
{
    private readonly ManifestFile manifest = new(ManifestFile.SourceExample);

    public void Dispose() => manifest.Dispose();

    [Theory]
    [InlineData("fromHeader", null, "fromHeader")]
    [InlineData(null, "fromBody", "fromBody")]
    [InlineData("lake", "LAKE", "lake")]
    [InlineData(null, null, "ampersandS3Bucket")]
    [InlineData(" ", "", "ampersandS3Bucket")]
    public void Header_then_body_then_manifest(string? header, string? field, string destination)
    {
        var router = Router(("Routing:Manifest", manifest.Path), ("Routing:Default", "lake"));

        Assert.Equal(destination, router.Route(new RoutingFacts("read", header, field, "account", "salesforce")));
    }

    [Fact]
    public void Default_takes_what_the_manifest_does_not_route()
    {
        var router = Router(("Routing:Manifest", manifest.Path), ("Routing:Default", "lake"));

        Assert.Equal("lake", router.Route(new RoutingFacts("read", null, null, "contacts", "hubspot")));
    }

    [Fact]
    public void Default_alone_takes_every_message_that_names_none()
    {
        Assert.Equal("lake", Router(("Routing:Default", "lake")).Route(new RoutingFacts("subscribe", null, null, null, null)));
    }

    [Fact]
    public void Header_and_body_that_disagree_go_to_the_error_queue_naming_both()
    {
        var router = Router(("Routing:Default", "lake"));

        var error = Assert.Throws<UndeliverableMessageException>(() => router.Route(new RoutingFacts("read", "lake", "ocean", null, null)));

        Assert.Equal(UndeliverableReason.AmbiguousMessage, error.Reason);
        Assert.Equal(
            "Ambiguous message: the 'destination' header names 'lake' but the body's destination field names 'ocean': send one of them, or make them agree.",
            error.Message);
    }

    [Fact]
    public void No_destination_and_no_routing_says_which_settings_route_it()
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Router().Route(new RoutingFacts("read", null, null, "account", "salesforce")));

        Assert.Equal(UndeliverableReason.UnknownDestination, error.Reason);
        Assert.Equal(
            "Unknown destination: The message names no destination: set the 'destination' header or the body's destination field, or set Routing:Manifest (an amp.yaml) or Routing:Default.",
            error.Message);
    }

    [Fact]
    public void No_destination_and_no_manifest_object_names_the_object_to_add()
    {
        var router = Router(("Routing:Manifest", manifest.Path));

        var error = Assert.Throws<UndeliverableMessageException>(() => router.Route(new RoutingFacts("read", null, null, "contacts", "hubspot")));

        Assert.Equal(
            "Unknown destination: The message names no destination and Routing:Manifest has no read object 'contacts' of provider 'hubspot': add it to the manifest with its destination, set the 'destination' header, or set Routing:Default.",
            error.Message);
    }

    [Fact]
    public void Manifest_and_default_that_name_configured_destinations_start()
    {
        using var services = Services(("Routing:Manifest", manifest.Path), ("Routing:Default", "lake"));

        Assert.Equal("lake", services.GetRequiredService<IOptions<RoutingOptions>>().Value.Default);
    }

    [Fact]
    public void Manifest_or_default_naming_a_destination_that_is_not_configured_stops_the_start()
    {
        using var other = new ManifestFile(ManifestFile.SourceExample.Replace("destination: ampersandS3Bucket\n", "destination: archive\n", StringComparison.Ordinal));
        using var services = Services(("Routing:Manifest", other.Path), ("Routing:Default", "nowhere"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RoutingOptions>>().Value);

        Assert.Equal(
            ["Routing:Default names destination 'nowhere', which is not configured: add Destinations:nowhere:Bucket and Destinations:nowhere:Region, or fix the name.",
             $"Routing:Manifest '{other.Path}': integration 'salesforceToS3' sends read object 'account' to destination 'archive', which is not configured: add Destinations:archive:Bucket and Destinations:archive:Region, or fix the name."],
            error.Failures);
    }

    [Fact]
    public void A_notification_goes_to_routing_notifications_whatever_else_it_names()
    {
        var router = Router(("Routing:Notifications", "lake"), ("Routing:Default", "ampersandS3Bucket"), ("Routing:Manifest", manifest.Path));

        Assert.True(router.WritesNotifications);
        Assert.Equal("lake", router.Route(new RoutingFacts(null, "ampersandS3Bucket", null, "account", "salesforce") { NotificationType = "read.backfill.done" }));
        Assert.Equal("ampersandS3Bucket", router.Route(new RoutingFacts("read", null, null, "account", "salesforce")));
    }

    [Fact]
    public void Without_routing_notifications_a_notification_is_not_written()
    {
        var router = Router(("Routing:Default", "lake"));

        var error = Assert.Throws<UndeliverableMessageException>(() => router.Route(new RoutingFacts(null, null, null, null, null) { NotificationType = "connection.created" }));

        Assert.False(router.WritesNotifications);
        Assert.Equal(
            "Unknown destination: The message is a notification (connection.created) and Routing:Notifications is not set: set it to the destination that keeps notifications.",
            error.Message);
    }

    [Fact]
    public void Routing_notifications_naming_a_destination_that_is_not_configured_stops_the_start()
    {
        using var services = Services(("Routing:Notifications", "alerts"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RoutingOptions>>().Value);

        Assert.Equal(
            ["Routing:Notifications names destination 'alerts', which is not configured: add Destinations:alerts:Bucket and Destinations:alerts:Region, or fix the name."],
            error.Failures);
    }

    [Theory]
    [InlineData("read", "s3consumer-read", null, "read")] // the queue's action
    [InlineData(null, "s3consumer-ingress", null, "subscribe")] // a queue of both: the message's own
    [InlineData(null, "s3consumer-ingress", "company", "subscribe")]
    public void The_facts_of_a_delivered_message_are_its_action_names_and_notification(string? queueAction, string queue, string? objectNameHeader, string action)
    {
        var body = System.Text.Encoding.UTF8.GetBytes("{\"action\": \"subscribe\", \"provider\": \"salesforce\", \"destination\": \"lake\"}");
        var message = new InboundMessage
        {
            QueueAction = queueAction, QueueName = queue, Body = body, DestinationHeader = "header",
            MetadataHeaders = new MetadataHeaders(null, null, null, objectNameHeader), NotificationType = "n",
        };

        var facts = RoutingFacts.Of(message, ActionMessageReader.Read(message));

        Assert.Equal(
            new RoutingFacts(queueAction ?? action, "header", "lake", objectNameHeader, "salesforce") { NotificationType = "n" },
            facts);
    }

    [Fact]
    public void Manifest_that_does_not_parse_stops_the_start_with_its_line()
    {
        using var broken = new ManifestFile("integrations:\n  - name: a\n   provider: x\n");
        using var services = Services(("Routing:Manifest", broken.Path));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RoutingOptions>>().Value);

        Assert.StartsWith($"Routing:Manifest '{broken.Path}' is not an amp.yaml (line 3, column ", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static DestinationRouter Router(params (string Key, string Value)[] settings) =>
        Services(settings).GetRequiredService<DestinationRouter>();

    // The worker's wiring: destinations lake and ampersandS3Bucket, then routing.
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        (string, string)[] destinations =
        [
            ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"),
            ("Destinations:ampersandS3Bucket:Bucket", "b"), ("Destinations:ampersandS3Bucket:Region", "r"),
        ];
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(destinations.Concat(settings).Select(setting => KeyValuePair.Create(setting.Item1, (string?)setting.Item2)))
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddDestinations().AddMessageRouting().BuildServiceProvider();
    }
}
