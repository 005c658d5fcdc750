using DevLab.JmesPath.Expressions;
using DevLab.JmesPath.Interop;
using Newtonsoft.Json.Linq;

namespace S3Consumer.Core.Keys;

/// <summary>
/// The one reading of a parsed template's syntax tree that <see cref="TemplateReads"/>, <see cref="TemplateParts"/>,
/// <see cref="FieldJoin"/> and the batch key rules share: a node's operands, its plain field path, its literal text,
/// and a <c>join</c> as its glue and parts.
/// </summary>
internal static class TemplateSyntax
{
    /// <summary>The expression under the root node JmesPath.Net wraps around every parsed one (a simple expression of its own, not public).</summary>
    public static JmesPathExpression Unwrapped(JmesPathExpression expression) =>
        expression is JmesPathSimpleExpression root and not JmesPathNotExpression ? root.Expression : expression;

    /// <summary>The text of a literal string (<c>'...'</c> or a JSON string literal); null for any other expression.</summary>
    public static string? Text(JmesPathExpression expression) => expression switch
    {
        JmesPathRawString raw => raw.Value,
        JmesPathLiteral { Value: { Type: JTokenType.String } literal } => literal.Value<string>(),
        _ => null,
    };

    /// <summary>The names of a path of plain fields (<c>metadata."event-id"</c>), or null for any other expression.</summary>
    public static string[]? PathOf(JmesPathExpression expression) =>
        NamesOf(expression, plain: true) is { Length: > 0 } names ? names : null;

    /// <summary>
    /// The names of <paramref name="expression"/> where it is made of names alone (sub-expressions of identifiers),
    /// expression arguments (<c>&amp;x.y</c>) included; null for any other expression.
    /// </summary>
    public static string[]? NamesOf(JmesPathExpression expression, bool plain)
    {
        var names = new List<string>();
        foreach (var node in Subtree(expression))
        {
            switch (node)
            {
                case JmesPathIdentifier identifier when !(plain && identifier.IsExpressionType):
                    names.Add(identifier.Name);
                    break;
                case JmesPathSubExpression when !(plain && node.IsExpressionType):
                    break;
                default:
                    return null;
            }
        }

        return [.. names];
    }

    /// <summary>A template <c>join(glue, [parts...])</c> with a literal glue as its glue and parts; null for any other.</summary>
    public static (string Glue, JmesPathExpression[] Parts)? JoinOf(JmesPathExpression expression) =>
        expression is JmesPathFunctionExpression { Name: "join", Arguments: [var glueArgument, JmesPathMultiSelectList list] }
        && Text(glueArgument) is { } glue
            ? (glue, list.Expressions)
            : null;

    // JmesPath.Net keeps most of its nodes' operands to itself, but visits a node, then each operand's subtree in order:
    // an operand starts where the subtree of the one before it ends.

    /// <summary>The operands of <paramref name="node"/>, in order.</summary>
    public static List<JmesPathExpression> Children(JmesPathExpression node)
    {
        var subtree = Subtree(node);
        var children = new List<JmesPathExpression>();
        for (var index = 1; index < subtree.Count; index += Subtree(subtree[index]).Count)
        {
            children.Add(subtree[index]);
        }

        return children;
    }

    private static List<JmesPathExpression> Subtree(JmesPathExpression node)
    {
        var visited = new Visited();
        node.Accept(visited);
        return visited.Nodes;
    }

    private sealed class Visited : IVisitor
    {
        public List<JmesPathExpression> Nodes { get; } = [];

        public void Visit(JmesPathExpression expression) => Nodes.Add(expression);
    }
}
