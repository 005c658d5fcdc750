using BenchmarkDotNet.Attributes;
using Newtonsoft.Json.Linq;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Benchmarks;

/// <summary>The cost of one object key with a cached template, and of turning a whole message into an object write.</summary>
[MemoryDiagnoser]
public class KeyRenderingBenchmarks
{
    private readonly ObjectKeyTemplate template = ObjectKeyTemplate.Default;
    private JObject context = null!;
    private Core.Destinations.Destination lake = null!;
    private InboundMessage message = null!;

    [GlobalSetup]
    public void Setup()
    {
        message = Examples.Read();
        lake = new Core.Destinations.Destination("lake", new() { Bucket = "b", Region = "us-west-2" }, "STANDARD", ObjectKeyTemplate.Default);
        var metadata = new ObjectMetadata { DestinationId = "lake", EventId = "0199e0a8", Timestamp = "2025-10-14T02:58:59.323405308Z", Topic = "t" };
        _ = EventTime.TryParse(metadata.Timestamp, out var time);
        context = KeyContext.Create(metadata, time, null);
    }

    [Benchmark(Description = "render one key, cached default template")]
    public string RenderKey() => template.Render(context, "lake");

    [Benchmark(Description = "whole message to object write (read + context + key + metadata)")]
    public ObjectWrite BuildObjectWrite() => ObjectWriteBuilder.Build(message, ActionMessageReader.Read(message), lake);
}
