using DevLab.JmesPath.Expressions;
using DevLab.JmesPath.Interop;

namespace S3Consumer.Core.Keys;

/// <summary>
/// The plain field paths a parsed template reads (<c>metadata.objectName</c>, <c>metadata."event-id"</c>,
/// <c>data.result</c>): each sub-expression made of names alone, outermost first. Paths inside projections, filters or
/// functions of a field are found as well, relative to where they apply; callers match them against the context.
/// </summary>
internal sealed class FieldPaths : IVisitor
{
    private readonly List<JmesPathExpression> nodes = [];

    public static IReadOnlyList<string[]> Of(JmesPathExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var paths = new List<string[]>();
        var taken = new HashSet<JmesPathExpression>(ReferenceEqualityComparer.Instance);

        // JmesPath.Net keeps a compound expression's operands to itself, but visits them in order after it: a
        // sub-expression whose every node is a name or another such sub-expression reads the path of those names.
        foreach (var node in PreOrder(expression))
        {
            if (node is not JmesPathSubExpression || taken.Contains(node))
            {
                continue;
            }

            var below = PreOrder(node);
            if (below.TrueForAll(part => part is JmesPathSubExpression or JmesPathIdentifier))
            {
                taken.UnionWith(below);
                paths.Add([.. below.OfType<JmesPathIdentifier>().Select(name => name.Name)]);
            }
        }

        return paths;
    }

    public void Visit(JmesPathExpression expression) => nodes.Add(expression);

    private static List<JmesPathExpression> PreOrder(JmesPathExpression expression)
    {
        var visitor = new FieldPaths();
        expression.Accept(visitor);
        return visitor.nodes;
    }
}
