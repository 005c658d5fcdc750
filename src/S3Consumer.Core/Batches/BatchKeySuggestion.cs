using System.Text.RegularExpressions;
using DevLab.JmesPath;
using DevLab.JmesPath.Expressions;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Batches;

/// <summary>
/// The one line that refuses a batched destination's key template that reads a message's own fields, with the
/// <c>Batch:PartitionBy</c> and template that keep its layout. From a join of parts: the message fields that place an
/// object (an object name, a date) move to <c>Batch:PartitionBy</c>, read back as <c>batch.partition</c>; those that make
/// each message's key its own (its event-id, its time to the second) give way to the batch's (<c>batch.id</c>,
/// <c>batch.time</c>). Any other template gets the default batch key, partitioned by the fields it read.
/// </summary>
internal static partial class BatchKeySuggestion
{
    public static string For(ObjectKeyTemplate template, BatchCompression compression, ObjectFormat format)
    {
        var fields = template.Reads.Paths.Where(path => BatchKeyTemplates.MessageNamespaces.Contains(path[0])).ToList();
        var read = template.Reads.Whole ? "the whole of each message" : $"{Listed([.. fields.Select(Print).Distinct()])} of each message";
        var (partitionBy, key, keepsLayout) = FromJoin(template.Text, format.KeySuffix(compression)) is { } joined
            ? (joined.PartitionBy, joined.Key, true)
            : (Partition([.. fields.Where(path => BatchEquivalent(path) is null).Select(Print).Distinct()]), null, false);
        key ??= BatchKeyTemplates.DefaultText(compression, partitionBy is not null, format);
        var isDefault = key == BatchKeyTemplates.DefaultText(compression, partitionBy is not null, format);
        return $"ObjectKeyTemplate {template.Text} reads {read}, but a batch holds many messages and its key may read only what they share, " +
               "batch (partition, time, count, id, first_event_id, last_event_id): move the fields that place a batch into Batch:PartitionBy, " +
               "which keeps one batch open per value, and read them as batch.partition; " +
               (keepsLayout ? "to keep this layout, set " : "e.g. set ") +
               (partitionBy is null ? "" : $"Batch:PartitionBy to {partitionBy} and ") +
               $"ObjectKeyTemplate to {key}{(isDefault ? " (the default: leave ObjectKeyTemplate out)" : "")}.";
    }

    // A join of parts: message fields before the last one that places (with the text between them) make the partition,
    // what follows makes the rest of the key, after batch.partition. Null where the template is no such join.
    private static (string? PartitionBy, string Key)? FromJoin(string text, string suffix)
    {
        if (TemplateSyntax.JoinOf(TemplateSyntax.Unwrapped(new JmesPath().Parse(text))) is not var (glue, parts))
        {
            return null;
        }

        var kinds = new Part[parts.Length];
        for (var index = 0; index < parts.Length; index++)
        {
            if (Classify(parts[index]) is not { } kind)
            {
                return null;
            }

            kinds[index] = kind;
        }

        var last = Array.FindLastIndex(kinds, kind => kind.Places);
        if (Array.FindIndex(kinds, kind => kind.OfBatch) is var firstOfBatch && firstOfBatch >= 0 && firstOfBatch < last)
        {
            return null; // the partition would split the key: no single batch.partition keeps this layout
        }

        string? partitionBy = last switch
        {
            < 0 => null,
            0 => kinds[0].Text,
            _ => $"join({Text(glue).Text}, [{string.Join(", ", kinds[..(last + 1)].Select(kind => kind.Text))}])",
        };
        var elements = new List<Part>();
        if (partitionBy is not null)
        {
            elements.Add(new Part("batch.partition", false, true, false));
        }

        var rest = kinds[(last + 1)..];
        foreach (var kind in kinds.Any(kind => kind.ReadsBatchId) ? rest : [.. rest, new Part("batch.id", false, true, true)])
        {
            if (elements.Count > 0 && glue.Length > 0)
            {
                elements.Add(Text(glue));
            }

            elements.Add(kind);
        }

        // The key ends as the batch object's body is written, in place of a message object's own ending.
        if (!elements.Any(element => element.Text.Contains(suffix, StringComparison.Ordinal)))
        {
            if (elements[^1].Literal?.StartsWith('.') == true)
            {
                elements.RemoveAt(elements.Count - 1);
            }

            elements.Add(Text(suffix));
        }

        return (partitionBy, $"join('', [{string.Join(", ", elements.Select(element => element.Text))}])");
    }

    // What a part of the join becomes: text stays where it is; a part that reads only batch stays in the key; a message
    // field that names one message gives way to the batch's; one that places a message moves to the partition. Null
    // for a part that reads the whole document, or both a message and batch.
    private static Part? Classify(JmesPathExpression part)
    {
        if (TemplateSyntax.Text(part) is { } literal)
        {
            return new Part(part.ToString(), false, false, false, literal);
        }

        var reads = TemplateReads.Of(part);
        var ofMessage = BatchKeyTemplates.MessageNamespaces.Any(reads.Reads);
        if (reads.Whole || (ofMessage && reads.Reads("batch")))
        {
            return null;
        }

        if (!ofMessage)
        {
            return new Part(part.ToString(), false, true, reads.ReadsPath("batch", "id"));
        }

        return TemplateSyntax.PathOf(part) is { } path && BatchEquivalent(path) is { } equivalent
            ? new Part(equivalent, false, true, equivalent == "batch.id")
            : new Part(part.ToString(), true, false, false);
    }

    // The batch's field that stands for a message's own in a batch's key; null for a field that places the message.
    private static string? BatchEquivalent(string[] path) => path switch
    {
        ["metadata", "event-id"] => "batch.id",
        ["metadata", "timestamp"] => "batch.time.rfc3339_nano",
        ["time", "second" or "datetime" or "unix" or "rfc3339" or "rfc3339_nano"] => $"batch.time.{path[1]}",
        _ => null,
    };

    private static string? Partition(IReadOnlyList<string> fields) => fields.Count switch
    {
        0 => null,
        1 => fields[0],
        _ => $"join('/', [{string.Join(", ", fields)}])",
    };

    private static string Print(string[] path) => string.Join('.', path.Select(name => PlainName().IsMatch(name) ? name : $"\"{name}\""));

    // A raw string literal of JMESPath: a backslash and a quote escaped.
    private static Part Text(string text) =>
        new($"'{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'", false, false, false, text);

    private static string Listed(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();

    /// <param name="Text">The part as JMESPath.</param>
    /// <param name="Places">A message field that places it: it moves to the partition.</param>
    /// <param name="OfBatch">It reads only batch.</param>
    /// <param name="ReadsBatchId">It reads batch.id.</param>
    /// <param name="Literal">The text it stands for, when it is a string.</param>
    private sealed record Part(string Text, bool Places, bool OfBatch, bool ReadsBatchId, string? Literal = null);
}
