using DevLab.JmesPath;
using DevLab.JmesPath.Expressions;
using DevLab.JmesPath.Interop;
using Newtonsoft.Json.Linq;

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
        return Add(Unwrapped(expression), parts) ? parts : null;
    }

    /// <summary>The expression under the root node JmesPath.Net wraps around every parsed one (a simple expression of its own, not public).</summary>
    internal static JmesPathExpression Unwrapped(JmesPathExpression expression) =>
        expression is JmesPathSimpleExpression root and not JmesPathNotExpression ? root.Expression : expression;

    /// <summary>The text of a literal string (<c>'...'</c> or a JSON string literal); null for any other expression.</summary>
    internal static string? Text(JmesPathExpression expression) => expression switch
    {
        JmesPathRawString raw => raw.Value,
        JmesPathLiteral { Value: { Type: JTokenType.String } literal } => literal.Value<string>(),
        _ => null,
    };

    /// <summary>The names of a path of plain fields (<c>metadata."event-id"</c>), or null for any other expression.</summary>
    internal static string[]? PathOf(JmesPathExpression expression) => FieldPath.Of(expression);

    private static bool Add(JmesPathExpression expression, List<TemplatePart> parts)
    {
        if (Text(expression) is { } text)
        {
            parts.Add(TemplatePart.Literal(text));
            return true;
        }

        if (PathOf(expression) is { } path)
        {
            parts.Add(TemplatePart.Path(path));
            return true;
        }

        if (expression is not JmesPathFunctionExpression { Name: "join", Arguments: [var glueArgument, JmesPathMultiSelectList list] }
            || Text(glueArgument) is not { } glue)
        {
            return false;
        }

        for (var index = 0; index < list.Expressions.Length; index++)
        {
            if (index > 0 && glue.Length > 0)
            {
                parts.Add(TemplatePart.Literal(glue));
            }

            if (!Add(list.Expressions[index], parts))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class FieldPath : IVisitor
    {
        private readonly List<string> names = [];
        private bool other;

        public static string[]? Of(JmesPathExpression expression)
        {
            var path = new FieldPath();
            expression.Accept(path);
            return path.other ? null : [.. path.names];
        }

        public void Visit(JmesPathExpression expression)
        {
            switch (expression)
            {
                case JmesPathIdentifier identifier:
                    names.Add(identifier.Name);
                    break;
                case JmesPathSubExpression:
                    break;
                default:
                    other = true;
                    break;
            }
        }
    }
}
