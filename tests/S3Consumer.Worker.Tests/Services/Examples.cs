using System.Text.Json;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>The example messages of contracts/examples, the ones README.md's "Publishing" section sends.</summary>
internal static class Examples
{
    public static byte[] ReadBody => Load("read-action.json");

    public static byte[] SubscribeBody => Load("subscribe-action.json");

    public static T Typed<T>(byte[] body, string destination) where T : class
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        node["destination"] = destination;
        return node.Deserialize<T>()!;
    }

    private static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", name));
}
