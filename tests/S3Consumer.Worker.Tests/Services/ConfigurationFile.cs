namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// The JSON file a worker's <c>S3CONSUMER_CONFIG</c> names, which a test rewrites while the worker runs, then deletes.
/// </summary>
internal sealed class ConfigurationFile
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"s3consumer-live-{Guid.NewGuid():N}.json");

    /// <summary>Writes a whole version, as a mounted Secret changes: written aside, then renamed over the file.</summary>
    public void Write(string json)
    {
        var next = Path + ".next";
        File.WriteAllText(next, json);
        File.Move(next, Path, overwrite: true);
    }

    public void Delete() => File.Delete(Path);
}
