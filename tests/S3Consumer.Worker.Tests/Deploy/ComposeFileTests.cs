using YamlDotNet.RepresentationModel;

namespace S3Consumer.Worker.Tests.Deploy;

/// <summary>
/// docker-compose.yml held against itself and the worker (CI parses it with docker-compose; no engine runs it here):
/// the worker's destination is one the worker takes, writing to the bucket the stack creates, on the store's S3 port,
/// with the store's key pair; its traces go to Jaeger's OTLP port; every image is pinned.
/// </summary>
public sealed class ComposeFileTests
{
    private const string Destination = "Destinations__ampersandS3Bucket__";
    private static readonly YamlMappingNode Services = Load();

    [Fact]
    public void The_workers_destination_writes_to_the_bucket_the_stack_creates_on_the_stores_port_with_its_key_pair()
    {
        var worker = Environment("worker");
        var store = Environment("seaweedfs");
        var serviceUrl = new Uri(worker[Destination + "ServiceUrl"]);

        Assert.Equal("seaweedfs", serviceUrl.Host);
        Assert.Contains($"-s3.port={serviceUrl.Port}", Command("seaweedfs").Split(' '));
        Assert.Equal((store["AWS_ACCESS_KEY_ID"], store["AWS_SECRET_ACCESS_KEY"]), (worker[Destination + "AccessKeyId"], worker[Destination + "SecretAccessKey"]));
        Assert.Equal((store["AWS_ACCESS_KEY_ID"], store["AWS_SECRET_ACCESS_KEY"]), (Environment("s3-bucket")["AWS_ACCESS_KEY_ID"], Environment("s3-bucket")["AWS_SECRET_ACCESS_KEY"]));
        Assert.Contains($"-X PUT {serviceUrl.Scheme}://{serviceUrl.Host}:{serviceUrl.Port}/{worker[Destination + "Bucket"]})", Command("s3-bucket"), StringComparison.Ordinal);
        Assert.Contains($"--aws-sigv4 aws:amz:{worker[Destination + "Region"]}:s3", Command("s3-bucket"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_workers_settings_make_a_destination_the_worker_takes()
    {
        var settings = Environment("worker").Where(entry => entry.Key.StartsWith(Destination, StringComparison.Ordinal))
            .Select(entry => (entry.Key.Replace("__", ":", StringComparison.Ordinal), entry.Value)).ToArray();

        var destination = Examples.Catalog(settings).Resolve("ampersandS3Bucket");

        Assert.Equal(("s3consumer-dev", true), (destination.Bucket, destination.Options.ForcePathStyle));
    }

    [Fact]
    public void Traces_go_to_jaegers_otlp_port_and_every_image_is_pinned()
    {
        Assert.Equal("http://jaeger:4317", Environment("worker")["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Contains("4317:4317", Sequence("jaeger", "ports"));
        foreach (var (name, service) in Services.Children.Select(entry => (((YamlScalarNode)entry.Key).Value!, (YamlMappingNode)entry.Value)))
        {
            if (service.Children.TryGetValue(new YamlScalarNode("image"), out var image))
            {
                var tag = ((YamlScalarNode)image).Value!.Split(':') is [_, var version] ? version : "";
                Assert.True(tag.Length > 0 && tag != "latest", $"Service {name}'s image {image} is not pinned to a version.");
            }
        }
    }

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "docker-compose.yml"))));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode).Children[new YamlScalarNode("services")];
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services.Children[new YamlScalarNode(name)];

    private static Dictionary<string, string> Environment(string service) =>
        ((YamlMappingNode)Service(service).Children[new YamlScalarNode("environment")]).Children
            .ToDictionary(entry => ((YamlScalarNode)entry.Key).Value!, entry => ((YamlScalarNode)entry.Value).Value!);

    private static string Command(string service) => Service(service).Children[new YamlScalarNode("command")] switch
    {
        YamlScalarNode scalar => scalar.Value!,
        YamlSequenceNode sequence => string.Join(' ', sequence.Children.Select(part => ((YamlScalarNode)part).Value)),
        var other => throw new InvalidOperationException($"Service {service}'s command is a {other.NodeType}."),
    };

    private static IEnumerable<string> Sequence(string service, string key) =>
        ((YamlSequenceNode)Service(service).Children[new YamlScalarNode(key)]).Children.Select(item => ((YamlScalarNode)item).Value!);
}
