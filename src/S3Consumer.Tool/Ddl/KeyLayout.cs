using System.Text.RegularExpressions;
using S3Consumer.Core.Keys;

namespace S3Consumer.Tool.Ddl;

/// <summary>
/// What every key of a destination has in common, read from its key template (<c>batch.partition</c> standing for
/// <c>Batch:PartitionBy</c>'s parts): the folder they all start with, the Hive-style <c>name=value</c> folders right
/// under it, and the text they all end with.
/// </summary>
/// <param name="Folder">The keys' fixed prefix up to its last <c>/</c> (empty for the bucket's root).</param>
/// <param name="Partitions">The <c>name=value</c> folders that follow <see cref="Folder"/>, in order.</param>
/// <param name="Suffix">The text every key ends with (<c>.parquet</c>); null where the keys end with a field.</param>
internal sealed partial record KeyLayout(string Folder, IReadOnlyList<PartitionColumn> Partitions, string? Suffix)
{
    /// <summary>The layout of keys made by <paramref name="keyTemplate"/>; a template that is no join of text and fields gives only what it starts with: nothing.</summary>
    public static KeyLayout Of(string keyTemplate, string? partitionBy)
    {
        ArgumentNullException.ThrowIfNull(keyTemplate);
        if (TemplateParts.Of(keyTemplate) is not { } template)
        {
            return new KeyLayout("", [], null);
        }

        var parts = new List<TemplatePart>();
        foreach (var part in template)
        {
            // A PartitionBy that is no join is a field whose values no projection knows.
            parts.AddRange(part.Field is ["batch", "partition"]
                ? partitionBy is null ? [] : TemplateParts.Of(partitionBy) ?? [TemplatePart.Path(["batch", "partition"])]
                : [part]);
        }

        var segments = Segments(parts);
        var folder = 0;
        while (folder < segments.Count - 1 && segments[folder].TrueForAll(part => part.IsText))
        {
            folder++;
        }

        var partitions = new List<PartitionColumn>();
        for (var segment = folder; segment < segments.Count - 1 && Partition(segments[segment]) is { } partition; segment++)
        {
            partitions.Add(partition);
        }

        return new KeyLayout(
            string.Concat(segments.Take(folder).Select(segment => string.Concat(segment.Select(part => part.Text)) + "/")),
            partitions,
            segments[^1] is [.., { IsText: true } last] && segments[^1].Exists(part => !part.IsText) ? last.Text : null);
    }

    // The parts cut at every '/' of their text: one list of parts per folder, the file's name last.
    private static List<List<TemplatePart>> Segments(List<TemplatePart> parts)
    {
        var segments = new List<List<TemplatePart>> { new() };
        foreach (var part in parts)
        {
            if (!part.IsText)
            {
                segments[^1].Add(part);
                continue;
            }

            var pieces = part.Text!.Split('/');
            for (var piece = 0; piece < pieces.Length; piece++)
            {
                if (piece > 0)
                {
                    segments.Add([]);
                }

                if (pieces[piece].Length > 0)
                {
                    Append(segments[^1], pieces[piece]);
                }
            }
        }

        return segments;
    }

    private static void Append(List<TemplatePart> segment, string text)
    {
        if (segment is [.., { IsText: true } last])
        {
            segment[^1] = TemplatePart.Literal(last.Text + text);
        }
        else
        {
            segment.Add(TemplatePart.Literal(text));
        }
    }

    // A folder 'name=' followed by its value: a time field, any other field, or text; null for any other folder.
    private static PartitionColumn? Partition(List<TemplatePart> segment)
    {
        if (segment is not [{ IsText: true } first, ..] || HiveName().Match(first.Text!) is not { Success: true } match)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        var value = match.Groups["value"].Value;
        return (value, segment.Count) switch
        {
            (_, 1) => new PartitionColumn(name, PartitionProjection.Constant, value),
            ("", 2) when TimeField(segment[1]) is { } field => new PartitionColumn(name, field switch
            {
                "date" => PartitionProjection.Date,
                "year" => PartitionProjection.Year,
                "month" => PartitionProjection.Month,
                "day" => PartitionProjection.Day,
                "hour" => PartitionProjection.Hour,
                _ => PartitionProjection.Injected,
            }),
            _ => new PartitionColumn(name, PartitionProjection.Injected),
        };
    }

    // The time field a part reads (time.date, or batch.time.date in a batch's key); null for any other part.
    private static string? TimeField(TemplatePart part) => part.Field switch
    {
        ["time", var field] => field,
        ["batch", "time", var field] => field,
        _ => null,
    };

    [GeneratedRegex("^(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HiveName();
}
