using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Objects;

/// <summary>Everything one PutObject needs: where, under which key, with which metadata, and the body (one message's, or a batch's).</summary>
public sealed record ObjectWrite(
    Destination Destination,
    string Key,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    IObjectBody Content);
