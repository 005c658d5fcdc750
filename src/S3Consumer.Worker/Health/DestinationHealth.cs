using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace S3Consumer.Worker.Health;

/// <summary>One destination's entry in <c>/health/ready</c> (<c>s3:&lt;destination&gt;</c>): never a secret, never a URL's user:password.</summary>
public sealed record DestinationHealth(HealthStatus Status, string Description, string? Code = null, DateTimeOffset? Since = null);
