namespace S3Consumer.Benchmarks.Soak;

/// <summary>The queues and exchange of one run, all named <c>soak-&lt;run&gt;-...</c>, so that nothing else's messages are in them.</summary>
internal sealed record SoakQueues(string Run)
{
    public string Read => $"soak-{Run}-read";

    public string Subscribe => $"soak-{Run}-subscribe";

    /// <summary>The queue bound to <see cref="Exchange"/> (<c>Ingress:Queue</c>).</summary>
    public string Ingress => $"soak-{Run}-ingress";

    /// <summary>The exchange Ampersand's messages are sent to (<c>Ingress:Exchange</c>).</summary>
    public string Exchange => $"soak-{Run}-ampersand";

    public IReadOnlyList<string> Work => [Read, Subscribe, Ingress];

    public static string ErrorQueue(string queue) => $"{queue}_error";

    /// <summary>Whether a queue or exchange is this run's: its work, error, skipped and holding queues and their exchanges.</summary>
    public bool Owns(string name) => name?.StartsWith($"soak-{Run}-", StringComparison.Ordinal) == true;
}
