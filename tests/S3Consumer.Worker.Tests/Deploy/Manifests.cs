using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace S3Consumer.Worker.Tests.Deploy;

/// <summary>deploy/ as Kubernetes reads it: the objects kustomization.yaml lists, typed by the Kubernetes client.</summary>
internal sealed class Manifests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "deploy");

    private Manifests(IReadOnlyList<object> objects, IReadOnlyList<YamlMappingNode> custom)
    {
        Objects = objects;
        Custom = custom;
    }

    /// <summary>Objects of the core Kubernetes API, as the client's model types.</summary>
    public IReadOnlyList<object> Objects { get; }

    /// <summary>Objects of custom resources (KEDA's), which the client has no types for: plain YAML.</summary>
    public IReadOnlyList<YamlMappingNode> Custom { get; }

    public static string Text(string file) => File.ReadAllText(Path.Combine(Folder, file));

    public static Manifests Load()
    {
        var resources = Documents("kustomization.yaml").Single().Children[new YamlScalarNode("resources")];
        var files = ((YamlSequenceNode)resources).Children.Select(file => ((YamlScalarNode)file).Value!).ToList();
        var objects = new List<object>();
        var custom = new List<YamlMappingNode>();
        foreach (var file in files)
        {
            var documents = Documents(file);
            if (documents.Any(document => Scalar(document, "apiVersion").StartsWith("keda.sh/", StringComparison.Ordinal)))
            {
                custom.AddRange(documents);
            }
            else
            {
                objects.AddRange(KubernetesYaml.LoadAllFromString(Text(file)));
            }
        }

        return new Manifests(objects, custom);
    }

    public T Single<T>() => Objects.OfType<T>().Single();

    public YamlMappingNode CustomObject(string kind) => Custom.Single(document => Scalar(document, "kind") == kind);

    public V1Secret Secret(string name) => Objects.OfType<V1Secret>().Single(secret => secret.Metadata.Name == name);

    public static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current).Children[new YamlScalarNode(key)];
        }

        return ((YamlScalarNode)current).Value!;
    }

    private static List<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Text(file)));
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
    }
}
