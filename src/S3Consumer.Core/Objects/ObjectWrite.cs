using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Objects;

/// <summary>Everything one PutObject needs: where, under which key, with which metadata, and the body.</summary>
public sealed record ObjectWrite(
    Destination Destination,
    string Key,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    ObjectContent Content);
