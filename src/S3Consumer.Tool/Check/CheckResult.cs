using S3Consumer.Core.Destinations;

namespace S3Consumer.Tool.Check;

/// <summary>How one destination took the probe: written under <see cref="Key"/>, or refused, with what to do about it.</summary>
internal sealed record CheckResult(Destination Destination, string Key, string? Failure, string? Explanation)
{
    public bool Written => Failure is null;
}
