using DevLab.JmesPath.Expressions;
using DevLab.JmesPath.Interop;

namespace S3Consumer.Core.Keys;

/// <summary>
/// What a parsed template reads of the document it is evaluated over, found from its syntax tree: each path of plain
/// field names it starts at the document's top (<c>metadata.objectName</c>, <c>batch.time.date</c>; <c>data.result</c>
/// for <c>data.result[0].id</c>), and whether it reads the document as a whole (<c>@</c> or a projection at the top,
/// <c>$</c> anywhere), which may reach any field. Names read inside a projection, a filter or an expression argument
/// (<c>&amp;x</c>) are of the elements they run over, not of the document.
/// </summary>
internal sealed class TemplateReads
{
    private readonly List<string[]> paths = [];

    private TemplateReads()
    {
    }

    public IReadOnlyList<string[]> Paths => paths;

    public bool Whole { get; private set; }

    public static TemplateReads Of(JmesPathExpression expression)
    {
        var reads = new TemplateReads();
        reads.Walk(expression, atTop: true);
        return reads;
    }

    /// <summary>Whether it may read the top-level field <paramref name="name"/> (a namespace: <c>metadata</c>, <c>batch</c>...).</summary>
    public bool Reads(string name) => Whole || paths.Exists(path => path[0] == name);

    /// <summary>Whether it reads the field at <paramref name="path"/>, or one below it.</summary>
    public bool ReadsPath(params string[] path) => paths.Exists(read => read.Length >= path.Length && read.AsSpan(0, path.Length).SequenceEqual(path));

    /// <summary>The names of a path of plain fields (<c>metadata."event-id"</c>), or null for any other expression.</summary>
    public static string[]? PathOf(JmesPathExpression expression)
    {
        var path = new PathVisitor();
        expression.Accept(path);
        return path.Other || path.Names.Count == 0 ? null : [.. path.Names];
    }

    private void Walk(JmesPathExpression node, bool atTop)
    {
        switch (node)
        {
            case JmesPathIdentifier identifier:
                if (atTop && !identifier.IsExpressionType)
                {
                    paths.Add([identifier.Name]);
                }

                break;
            case JmesPathRootNodeExpression:
                Whole = true;
                break;
            case JmesPathCurrentNodeExpression:
                Whole |= atTop;
                break;
            case JmesPathSubExpression when atTop && !node.IsExpressionType && PathOf(node) is { } path:
                paths.Add(path);
                break;
            case JmesPathSubExpression or JmesPathIndexExpression or JmesPathPipeExpression:
                // The right side reads what the left side gave.
                var (left, right) = (Children(node)[0], Children(node)[1]);
                Walk(left, atTop && !node.IsExpressionType);
                Walk(right, atTop: false);
                break;
            case JmesPathProjection:
                Whole |= atTop;
                WalkAll(node, atTop: false);
                break;
            case JmesPathFunctionExpression function:
                foreach (var argument in function.Arguments)
                {
                    Walk(argument, atTop && !argument.IsExpressionType);
                }

                break;
            default:
                WalkAll(node, atTop && !node.IsExpressionType);
                break;
        }
    }

    private void WalkAll(JmesPathExpression node, bool atTop)
    {
        foreach (var child in Children(node))
        {
            Walk(child, atTop);
        }
    }

    // JmesPath.Net keeps most of its nodes' operands to itself, but visits a node, then each operand's subtree in order:
    // an operand starts where the subtree of the one before it ends.
    private static List<JmesPathExpression> Children(JmesPathExpression node)
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

    private sealed class PathVisitor : IVisitor
    {
        public List<string> Names { get; } = [];

        public bool Other { get; private set; }

        public void Visit(JmesPathExpression expression)
        {
            switch (expression)
            {
                case JmesPathIdentifier { IsExpressionType: false } identifier:
                    Names.Add(identifier.Name);
                    break;
                case JmesPathSubExpression { IsExpressionType: false }:
                    break;
                default:
                    Other = true;
                    break;
            }
        }
    }
}
