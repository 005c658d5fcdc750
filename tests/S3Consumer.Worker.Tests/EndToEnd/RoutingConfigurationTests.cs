using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.EndToEnd;

/// <summary>A manifest that does not parse, or that names a destination the worker lacks, stops it at start with one line.</summary>
[Trait("Category", "Process")]
public sealed class RoutingConfigurationTests : IDisposable
{
    private readonly string manifestPath = Path.Combine(Path.GetTempPath(), $"amp-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(manifestPath);

    [Theory]
    [InlineData("integrations:\n  - name: hubspotToS3\n    provider: hubspot\n    read:\n      objects:\n        - objectName: contacts\n          destination: archive\n",
        "S3Consumer cannot start: Routing:Manifest 'PATH': integration 'hubspotToS3' sends read object 'contacts' to destination 'archive', which is not configured: add Destinations:archive:Bucket and Destinations:archive:Region, or fix the name.")]
    [InlineData("integrations:\n  - name: a\n   provider: x\n", "S3Consumer cannot start: Routing:Manifest 'PATH' is not an amp.yaml (line 3, column ")]
    public async Task Worker_refuses_a_manifest_it_cannot_follow_with_one_line(string manifest, string line)
    {
        await File.WriteAllTextAsync(manifestPath, manifest);
        var settings = WorkerHost.Settings("any-bucket", ("Routing:Manifest", manifestPath));

        using var worker = await WorkerProcess.RunToExitAsync(settings, TimeSpan.FromMinutes(1));

        Assert.Equal(1, worker.ExitCode);
        Assert.Single(worker.Output, output => output.StartsWith(line.Replace("PATH", manifestPath, StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
