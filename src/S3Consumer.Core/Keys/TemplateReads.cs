using DevLab.JmesPath.Expressions;

namespace S3Consumer.Core.Keys;

/// <summary>
/// What a parsed template reads of the document it is evaluated over, found from its syntax tree: each path of plain
/// field names it starts at the document's top (<c>metadata.objectName</c>, <c>batch.time.date</c>; <c>data.result</c>
/// for <c>data.result[0].id</c>), and whether it reads the document as a whole (<c>@</c> or a projection at the top,
/// <c>$</c> anywhere), which may reach any field. Names read inside a projection, a filter or an expression argument
/// (<c>&amp;x</c>) are of the elements they run over, not of the document. One walk of the tree finds both.
/// </summary>
internal sealed class TemplateReads
{
    private readonly List<string[]> paths = [];
    private readonly List<string[]> allPaths = [];

    private TemplateReads()
    {
    }

    public IReadOnlyList<string[]> Paths => paths;

    /// <summary>
    /// Every path of names in it, outermost first, wherever it applies: inside projections, filters and function
    /// arguments as well, relative to where they apply (so its callers match them against a context).
    /// </summary>
    public IReadOnlyList<string[]> AllPaths => allPaths;

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

    // A sub-expression made of names alone is a path wherever it is (named: below one, already taken).
    private void Walk(JmesPathExpression node, bool atTop, bool named = false)
    {
        if (!named && node is JmesPathSubExpression && TemplateSyntax.NamesOf(node, plain: false) is { } names)
        {
            allPaths.Add(names);
            named = true;
        }

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
            case JmesPathSubExpression when atTop && !node.IsExpressionType && TemplateSyntax.PathOf(node) is { } path:
                paths.Add(path);
                break;
            case JmesPathSubExpression or JmesPathIndexExpression or JmesPathPipeExpression:
                // The right side reads what the left side gave.
                var (left, right) = (TemplateSyntax.Children(node)[0], TemplateSyntax.Children(node)[1]);
                Walk(left, atTop && !node.IsExpressionType, named);
                Walk(right, atTop: false, named);
                break;
            case JmesPathProjection:
                Whole |= atTop;
                WalkAll(node, atTop: false, named);
                break;
            case JmesPathFunctionExpression function:
                foreach (var argument in function.Arguments)
                {
                    Walk(argument, atTop && !argument.IsExpressionType, named);
                }

                break;
            default:
                WalkAll(node, atTop && !node.IsExpressionType, named);
                break;
        }
    }

    private void WalkAll(JmesPathExpression node, bool atTop, bool named)
    {
        foreach (var child in TemplateSyntax.Children(node))
        {
            Walk(child, atTop, named);
        }
    }
}
