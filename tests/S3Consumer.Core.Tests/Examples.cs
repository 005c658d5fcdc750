using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using S3Consumer.Contracts;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Testing;

namespace S3Consumer.Core.Tests;

/// <summary>The two example messages of contracts/examples (README.md's "Publishing"), delivered the way the worker receives them.</summary>
internal static class Examples
{
    public const string ReadEventId = "0199e0a8-149d-7ee9-9f50-0514403517f9";
    public const string SubscribeEventId = "7d9e2f10-5a4b-4c3d-8e2f-1a2b3c4d5e6f";

    public static byte[] ReadBody => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", "read-action.json"));

    public static byte[] SubscribeBody => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", "subscribe-action.json"));

    public static InboundMessage Read(string destination = "lake") => Raw<ReadActionMessage>(ReadBody, "read", destination, m => m.Data) with
    {
        MessageId = ReadEventId,
    };

    public static InboundMessage Subscribe(string destination = "lake") =>
        Raw<SubscribeActionMessage>(SubscribeBody, "subscribe", destination, m => m.Data) with { EventIdHeader = SubscribeEventId };

    public static InboundMessage Raw<T>(byte[] body, string action, string destination, Func<T, ActionData?> data) => new()
    {
        QueueAction = action,
        QueueName = $"s3consumer-{action}",
        Body = body,
        Data = data(JsonSerializer.Deserialize<T>(body)!),
        Destination = destination,
    };

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
    public static ObjectWrite Build(InboundMessage message, string? template = null) =>
        ObjectWriteBuilder.Build(message, Lake(template).Resolve(message.Destination));

    public static DestinationCatalog Lake(string? template = null) => Catalog(
        [("Destinations:lake:Bucket", "bucket"), ("Destinations:lake:Region", "us-west-2"),
         .. template is null ? Array.Empty<(string, string)>() : [("Destinations:lake:ObjectKeyTemplate", template)]]);
}
