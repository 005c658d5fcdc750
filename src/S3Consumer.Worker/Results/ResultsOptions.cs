namespace S3Consumer.Worker.Results;

/// <summary>Where results sent by URL (<c>resultInfo.type</c> <c>url</c>) may be fetched from, bound from <c>Results</c>.</summary>
public sealed class ResultsOptions
{
    public const string SectionName = "Results";

    /// <summary>Hosts a download URL may name: exact names (<c>storage.googleapis.com</c>) or <c>*.example.com</c> for subdomains.</summary>
    public IReadOnlyList<string> AllowedHosts { get; set; } = [];

    /// <summary>The most a downloaded result may hold, in bytes.</summary>
    public long MaxBytes { get; set; } = 1L << 30;
}
