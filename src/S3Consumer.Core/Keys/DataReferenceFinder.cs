using DevLab.JmesPath.Expressions;
using DevLab.JmesPath.Interop;

namespace S3Consumer.Core.Keys;

/// <summary>
/// Tells whether a parsed template can reach the <c>data</c> namespace: it names a field <c>data</c>, or reads
/// the whole context (<c>@</c>, <c>$</c>, <c>*</c>). Erring towards yes only costs parsing a payload.
/// </summary>
internal sealed class DataReferenceFinder : IVisitor
{
    private bool found;

    public static bool ReadsData(JmesPathExpression expression)
    {
        var finder = new DataReferenceFinder();
        expression.Accept(finder);
        return finder.found;
    }

    public void Visit(JmesPathExpression expression) =>
        found |= expression switch
        {
            JmesPathIdentifier identifier => identifier.Name == "data",
            JmesPathCurrentNodeExpression or JmesPathRootNodeExpression => true,
            JmesPathHashWildcardProjection or JmesPathListWildcardProjection => true,
            _ => false,
        };
}
