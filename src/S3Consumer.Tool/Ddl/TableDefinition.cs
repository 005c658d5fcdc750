using System.Text.RegularExpressions;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Rows;

namespace S3Consumer.Tool.Ddl;

/// <summary>What a table over a destination's rows needs: where its objects are, how they are laid out, what they hold.</summary>
/// <param name="Name">The table's name.</param>
/// <param name="Destination">The destination's name, for comments.</param>
/// <param name="Bucket">The destination's bucket.</param>
/// <param name="Format">Records (NDJSON) or Parquet.</param>
/// <param name="Compression">How the NDJSON is compressed (Parquet is compressed inside); none for one object per message.</param>
/// <param name="Layout">The keys' folder, partitions and suffix.</param>
internal sealed partial record TableDefinition(
    string Name, string Destination, string Bucket, ObjectFormat Format, BatchCompression Compression, KeyLayout Layout)
{
    /// <summary>The table over a destination of Format records or parquet, named <paramref name="name"/> or after the destination.</summary>
    public static TableDefinition For(Destination destination, string? name)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var batch = destination.Options.Batch;
        var compression = batch.Enabled && BatchCompressions.TryParse(batch.Compression, out var configured) ? configured : BatchCompression.None;
        var format = ObjectFormats.Of(destination.Options);
        var template = batch.Enabled ? BatchKeyTemplates.For(destination, compression) : destination.KeyTemplate;
        var layout = KeyLayout.Of(template.Text, batch.Enabled ? batch.PartitionBy : null);

        // The default batch key ends as its format and compression say.
        var defaultBatchKey = batch.Enabled && ReferenceEquals(destination.KeyTemplate, ObjectKeyTemplate.Default);
        return new TableDefinition(
            name ?? NotAnIdentifier().Replace(destination.Name.ToLowerInvariant(), "_"),
            destination.Name,
            destination.Bucket,
            format,
            compression,
            defaultBatchKey ? layout with { Suffix = format.KeySuffix(compression) } : layout);
    }

    /// <summary>Where the objects are: <c>s3://bucket/folder/</c>.</summary>
    public string Location => $"s3://{Bucket}/{Layout.Folder}";

    /// <summary>Every object of the table under <see cref="Location"/>, at any depth, as a glob.</summary>
    public string Glob => $"{Location}**/*{Layout.Suffix}";

    [GeneratedRegex("[^a-z0-9_]", RegexOptions.CultureInvariant)]
    private static partial Regex NotAnIdentifier();
}
