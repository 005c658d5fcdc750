using DevLab.JmesPath.Expressions;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Keys;

/// <summary>
/// A key template that joins text and <c>metadata</c> and <c>time</c> fields, as the default one does
/// (<c>join('', [time.rfc3339_nano, '_', metadata."event-id", '.json'])</c>), rendered straight from the message's
/// fields: building the key context and evaluating the expression over it cost more than the rest of a write's
/// preparation. The key is the one JmesPath gives; when a field it joins has no value, JmesPath renders (and reports) it.
/// </summary>
internal sealed class FieldJoin
{
    private readonly string glue;
    private readonly Func<ObjectMetadata, EventTime, string?>[] parts;

    private FieldJoin(string glue, Func<ObjectMetadata, EventTime, string?>[] parts)
    {
        this.glue = glue;
        this.parts = parts;
    }

    /// <summary>The template as a join of fields, or null when it is anything else.</summary>
    public static FieldJoin? Of(JmesPathExpression expression)
    {
        if (TemplateParts.Unwrapped(expression) is not JmesPathFunctionExpression { Name: "join", Arguments: [var glueArgument, JmesPathMultiSelectList list] }
            || TemplateParts.Text(glueArgument) is not { } glue)
        {
            return null;
        }

        var parts = new Func<ObjectMetadata, EventTime, string?>[list.Expressions.Length];
        for (var index = 0; index < parts.Length; index++)
        {
            if (Part(list.Expressions[index]) is not { } part)
            {
                return null;
            }

            parts[index] = part;
        }

        return new FieldJoin(glue, parts);
    }

    /// <summary>The key, or null when a field it joins has no value (JmesPath's <c>join</c> then fails, and says so).</summary>
    public string? TryRender(ObjectMetadata metadata, EventTime time)
    {
        var values = new string[parts.Length];
        for (var index = 0; index < parts.Length; index++)
        {
            if (parts[index](metadata, time) is not { } value)
            {
                return null;
            }

            values[index] = value;
        }

        return string.Join(glue, values);
    }

    private static Func<ObjectMetadata, EventTime, string?>? Part(JmesPathExpression item)
    {
        if (TemplateParts.Text(item) is { } text)
        {
            return (_, _) => text;
        }

        return TemplateParts.PathOf(item) switch
        {
            ["metadata", var name] when ObjectMetadata.ReaderOf(name) is { } read => (metadata, _) => read(metadata),
            ["time", var name] when TimeFields.FormatterOf(name) is { } format => (_, time) => format(time),
            _ => null,
        };
    }
}
