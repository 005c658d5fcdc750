namespace S3Consumer.Core.Tests.Routing;

/// <summary>An <c>amp.yaml</c> written to a temporary file for as long as a test needs it.</summary>
internal sealed class ManifestFile : IDisposable
{
    /// <summary>The source document's example, word for word.</summary>
    public const string SourceExample = """
        specVersion: 1.0.0
        integrations:
          - name: salesforceToS3
            displayName: Salesforce to S3
            provider: salesforce
            read:
              objects:
                - objectName: account
                  destination: ampersandS3Bucket
                - objectName: contact
                  destination: ampersandS3Bucket
        """;

    public ManifestFile(string yaml)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"amp-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
