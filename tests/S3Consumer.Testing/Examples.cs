using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Testing;

/// <summary>
/// The two example messages of contracts/examples (README.md's "Publishing"): as bytes a publisher sends, as typed
/// contracts, and delivered the way the worker receives them.
/// </summary>
public static class Examples
{
    public const string ReadEventId = "0199e0a8-149d-7ee9-9f50-0514403517f9";
    public const string SubscribeEventId = "7d9e2f10-5a4b-4c3d-8e2f-1a2b3c4d5e6f";

    public static byte[] ReadBody => Load("read-action.json");

    public static byte[] SubscribeBody => Load("subscribe-action.json");

    /// <summary>An example body as the typed contract <typeparamref name="T"/>, naming <paramref name="destination"/>.</summary>
    public static T Typed<T>(byte[] body, string destination) where T : class
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node["destination"] = destination;
        return node.Deserialize<T>()!;
    }

    public static InboundMessage Read(string destination = "lake") => Raw(ReadBody, "read", destination) with { MessageId = ReadEventId };

    public static InboundMessage Subscribe(string destination = "lake") =>
        Raw(SubscribeBody, "subscribe", destination) with { EventIdHeader = SubscribeEventId };

    public static InboundMessage Raw(byte[] body, string action = "read", string? destination = "lake") => new()
    {
        QueueAction = action,
        QueueName = $"s3consumer-{action}",
        Body = body,
        DestinationHeader = destination,
    };

    public static InboundMessage Raw(string body, string action = "read") => Raw(System.Text.Encoding.UTF8.GetBytes(body), action);

    /// <summary>A catalog built by the same wiring the worker uses, from configuration keys.</summary>
    public static DestinationCatalog Catalog(params (string Key, string Value)[] settings) =>
        Services(settings).GetRequiredService<DestinationCatalog>();

    public static ServiceProvider Services(params (string Key, string Value)[] settings) =>
        Services(ConfiguredServices.Configuration(settings));

    /// <summary>The destinations' services on <paramref name="configuration"/>, logging into a <see cref="RecordedLog"/>.</summary>
    public static ServiceProvider Services(IConfiguration configuration) =>
        new ServiceCollection()
            .AddSingleton(configuration)
            .AddSingleton<RecordedLog>()
            .AddSingleton(typeof(ILogger<>), typeof(RecordedLogger<>))
            .AddDestinations()
            .BuildServiceProvider();

    /// <summary>The message's object, its destination resolved as the worker resolves it, from a catalog with one destination, <c>lake</c>.</summary>
    public static ObjectWrite Build(InboundMessage message, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var read = ActionMessageReader.Read(message);
        return ObjectWriteBuilder.Build(message, read, Lake(template).Resolve(message.DestinationHeader ?? read.Destination));
    }

    public static DestinationCatalog Lake(string? template = null) => Catalog(
        [("Destinations:lake:Bucket", "bucket"), ("Destinations:lake:Region", "us-west-2"),
         .. template is null ? Array.Empty<(string, string)>() : [("Destinations:lake:ObjectKeyTemplate", template)]]);

    private static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", name));
}
