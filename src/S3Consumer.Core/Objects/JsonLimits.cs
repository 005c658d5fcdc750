namespace S3Consumer.Core.Objects;

/// <summary>What the worker takes as JSON: records nest deeper than System.Text.Json's default 64 levels.</summary>
public static class JsonLimits
{
    public const int MaxDepth = 256;
}
