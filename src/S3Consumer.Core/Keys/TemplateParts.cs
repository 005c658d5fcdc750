using DevLab.JmesPath;
using DevLab.JmesPath.Expressions;

namespace S3Consumer.Core.Keys;

/// <summary>
/// A template read as the parts it joins, where it is a <c>join</c> of text and fields (joins within it flattened),
/// as key templates and <c>Batch:PartitionBy</c> mostly are: what the keys it makes have in common, and where each
/// field goes.
/// </summary>
public static class TemplateParts
{
    /// <summary>The parts, in order; null for a template that is anything else, or does not parse.</summary>
    public static IReadOnlyList<TemplatePart>? Of(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        JmesPathExpression expression;
        try
        {
            expression = new JmesPath().Parse(template);
        }
#pragma warning disable CA1031 // JmesPath.Net reports every parse error as a plain Exception.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        var parts = new List<TemplatePart>();
        return Add(TemplateSyntax.Unwrapped(expression), parts) ? parts : null;
    }

    private static bool Add(JmesPathExpression expression, List<TemplatePart> parts)
    {
        if (TemplateSyntax.Text(expression) is { } text)
        {
            parts.Add(TemplatePart.Literal(text));
            return true;
        }

        if (TemplateSyntax.PathOf(expression) is { } path)
        {
            parts.Add(TemplatePart.Path(path));
            return true;
        }

        if (TemplateSyntax.JoinOf(expression) is not var (glue, list))
        {
            return false;
        }

        for (var index = 0; index < list.Length; index++)
        {
            if (index > 0 && glue.Length > 0)
            {
                parts.Add(TemplatePart.Literal(glue));
            }

            if (!Add(list[index], parts))
            {
                return false;
            }
        }

        return true;
    }
}
