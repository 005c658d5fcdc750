using System.Text.Json;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// The file <c>S3CONSUMER_CONFIG</c> names, which the workers read last and reload while they run: every destination, the
/// manifest that routes Ampersand's messages and where notifications go. A new version is written aside and renamed over
/// it, as Kubernetes swaps a mounted Secret. Two faults change it: the <c>refused</c> destination's key made wrong and
/// fixed again, and a harmless change (the <c>objects</c> destination's storage class) that makes every worker reload.
/// The <c>throttled</c> destination writes through the fault proxy at <paramref name="proxyUrl"/>.
/// </summary>
internal sealed class SoakConfiguration(string directory, SoakQueues queues, IReadOnlyDictionary<string, string> buckets, Uri s3Url, Uri proxyUrl)
{
    private const string WrongKey = "SOAK-WRONG-KEY";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private int version;

    public string Path { get; } = System.IO.Path.Combine(directory, "s3consumer.json");

    public string ManifestPath { get; } = System.IO.Path.Combine(directory, "amp.yaml");

    /// <summary>Whether the <c>refused</c> destination's key is wrong now.</summary>
    public bool Refusing { get; private set; }

    /// <summary>The <c>objects</c> destination's storage class now.</summary>
    public string StorageClass { get; private set; } = "STANDARD";

    public async Task WriteAsync()
    {
        await File.WriteAllTextAsync(ManifestPath, Manifest());
        await ReplaceAsync();
    }

    /// <summary>Makes the <c>refused</c> destination's key wrong (<paramref name="refuse"/>) or right again.</summary>
    public Task RefuseAsync(bool refuse)
    {
        Refusing = refuse;
        return ReplaceAsync();
    }

    /// <summary>Changes the <c>objects</c> destination's storage class, so that every worker reloads a changed destination.</summary>
    public Task ChangeStorageClassAsync()
    {
        StorageClass = StorageClass == "STANDARD" ? "STANDARD_IA" : "STANDARD";
        return ReplaceAsync();
    }

    private async Task ReplaceAsync()
    {
        var aside = $"{Path}.{++version}";
        await File.WriteAllBytesAsync(aside, JsonSerializer.SerializeToUtf8Bytes(Configuration(), Indented));
        File.Move(aside, Path, overwrite: true);
    }

    private Dictionary<string, object> Configuration() => new()
    {
        ["Destinations"] = SoakDestinations.All.ToDictionary(destination => destination.Name, Destination),
        ["Routing"] = new Dictionary<string, object> { ["Manifest"] = ManifestPath, ["Notifications"] = SoakDestinations.Notifications },
    };

    private Dictionary<string, object> Destination(SoakDestination destination)
    {
        var settings = new Dictionary<string, object>
        {
            ["Bucket"] = buckets[destination.Name],
            ["Region"] = TestServices.Region,
            ["ServiceUrl"] = (destination.Name == SoakDestinations.Throttled ? proxyUrl : s3Url).ToString(),
            ["ForcePathStyle"] = true,
            ["AccessKeyId"] = TestServices.S3Key,
            ["SecretAccessKey"] = TestServices.S3Key,
        };
        foreach (var (key, value) in destination.Layout.Settings.Concat(destination.Extra))
        {
            settings[key] = value;
        }

        if (destination.Name == SoakDestinations.Refused && Refusing)
        {
            settings["AccessKeyId"] = WrongKey;
        }

        if (destination.Name == "objects")
        {
            settings["StorageClass"] = StorageClass;
        }

        return settings;
    }

    // Ampersand's messages name no destination: the manifest sends each object to one.
    private string Manifest()
    {
        var objects = string.Concat(SoakDestinations.All.Where(destination => destination.AmpersandObject is not null)
            .Select(destination => $"\n            - objectName: {destination.AmpersandObject}\n              destination: {destination.Name}"));
        return $"""
            specVersion: 1.0.0
            integrations:
              - name: soak-{queues.Run}
                provider: {SoakBodies.Provider}
                read:
                  objects:{objects}
                subscribe:
                  objects:{objects}

            """;
    }
}
