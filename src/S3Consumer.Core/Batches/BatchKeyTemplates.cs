using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Batches;

/// <summary>The key template of a destination's batch objects: its own template where it sets one, else the default batch key.</summary>
public static class BatchKeyTemplates
{
    private static readonly Dictionary<BatchCompression, ObjectKeyTemplate> Defaults = Enum.GetValues<BatchCompression>()
        .ToDictionary(compression => compression, compression => ObjectKeyTemplate.Parse(DefaultText(compression)));

    public static string DefaultText(BatchCompression compression) =>
        $"join('', [time.rfc3339_nano, '_', batch.id, '{compression.KeySuffix()}'])";

    /// <summary>Why a batched destination cannot write under this template; null when it can.</summary>
    public static string? Problem(ObjectKeyTemplate template)
    {
        // Two batches under one key: the second would replace the first, or (Overwrite false) be taken for it and lost.
        ArgumentNullException.ThrowIfNull(template);
        return template.ReadsBatchId
            ? null
            : $"ObjectKeyTemplate {template.Text} does not use batch.id, so two batch objects could get the same key; " +
              $"use it, e.g. {DefaultText(BatchCompression.Gzip)}, or leave ObjectKeyTemplate out for that default.";
    }

    public static ObjectKeyTemplate For(Destination destination, BatchCompression compression)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return ReferenceEquals(destination.KeyTemplate, ObjectKeyTemplate.Default) ? Defaults[compression] : destination.KeyTemplate;
    }
}
