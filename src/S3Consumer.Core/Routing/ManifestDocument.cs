namespace S3Consumer.Core.Routing;

// The parts of amp.yaml that route messages; YamlDotNet fills them and skips every other key of the format.
#pragma warning disable CA1812 // Created by YamlDotNet.
internal sealed class ManifestDocument
{
    public List<ManifestIntegration>? Integrations { get; set; }
}

internal sealed class ManifestIntegration
{
    public string? Name { get; set; }

    public string? Provider { get; set; }

    public ManifestSection? Read { get; set; }

    public ManifestSection? Subscribe { get; set; }
}

internal sealed class ManifestSection
{
    public List<ManifestObject?>? Objects { get; set; }
}

internal sealed class ManifestObject
{
    public string? ObjectName { get; set; }

    public string? Destination { get; set; }
}
#pragma warning restore CA1812
