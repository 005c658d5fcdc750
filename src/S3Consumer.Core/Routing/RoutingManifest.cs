namespace S3Consumer.Core.Routing;

/// <summary>
/// The <c>amp.yaml</c> that <c>Routing:Manifest</c> names, read once: <see cref="RoutingValidator"/> checks it at start
/// and <see cref="DestinationRouter"/> routes by the same reading.
/// </summary>
public sealed class RoutingManifest
{
    private readonly Lock gate = new();
    private (string Path, AmpManifest? Manifest, FormatException? Problem)? read;

    /// <summary>The manifest at <paramref name="path"/>, null for none; throws <see cref="FormatException"/> saying what to fix.</summary>
    public AmpManifest? Of(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        lock (gate)
        {
            if (read is not { } last || last.Path != path)
            {
                try
                {
                    last = (path, AmpManifest.Load(path), null);
                }
                catch (FormatException problem)
                {
                    last = (path, null, problem);
                }

                read = last;
            }

            return last.Problem is { } error ? throw new FormatException(error.Message, error) : last.Manifest;
        }
    }
}
