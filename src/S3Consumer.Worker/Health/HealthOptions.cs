namespace S3Consumer.Worker.Health;

/// <summary>Where the health endpoints listen, bound from <c>Health</c> and checked at start by <see cref="HealthOptionsValidator"/>.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>The port of <c>/health/live</c> and <c>/health/ready</c>, on every address; 0 takes any free port.</summary>
    public int Port { get; set; } = 8080;
}
