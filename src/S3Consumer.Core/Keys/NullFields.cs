using System.Text.Json;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Keys;

/// <summary>
/// Says which fields a template reads are null in a key context, and where a field of another case (or a hyphenated
/// one, which needs quotes) exists: <c>metadata.objectname is null (did you mean metadata.objectName?)</c>.
/// </summary>
internal static partial class NullFields
{
    private const string OperationIdNote = " (Ampersand sends operationId with read messages only, not with subscribe messages)";

    /// <summary>One clause per path of <paramref name="paths"/> that is null in <paramref name="context"/>; null when none is.</summary>
    public static string? Explain(IReadOnlyList<string[]> paths, JToken context)
    {
        if (context is not JObject root)
        {
            return null;
        }

        var clauses = paths.Select(path => Explain(path, root)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return clauses.Count == 0 ? null : string.Join("; ", clauses);
    }

    private static string? Explain(string[] path, JObject root)
    {
        // Only paths from the context's top: the others apply within a projection or a function's argument.
        if (!root.Properties().Any(member => string.Equals(member.Name, path[0], StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        JToken current = root;
        for (var depth = 0; depth < path.Length; depth++)
        {
            if (current is not JObject holder)
            {
                return null; // JMESPath reads null from a list or a value: the template may mean it
            }

            if (holder[path[depth]] is { Type: not JTokenType.Null } value)
            {
                current = value;
                continue;
            }

            var name = path[depth];
            var parent = path[..depth];
            var known = holder.Properties().Select(member => member.Name)
                .Concat(parent is ["metadata"] ? ObjectMetadata.FieldNames : []).Distinct(StringComparer.Ordinal).ToList();
            var field = Format([.. parent, name]);
            if (known.Find(other => other != name && string.Equals(other, name, StringComparison.OrdinalIgnoreCase)) is { } otherCase)
            {
                return $"{field} is null (did you mean {Format([.. parent, otherCase])}? names are case-sensitive)";
            }

            if (known.Find(other => other.StartsWith(name + "-", StringComparison.Ordinal)) is { } hyphenated)
            {
                return $"{field} is null (did you mean {Format([.. parent, hyphenated])}? hyphenated names need quotes)";
            }

            return parent switch
            {
                ["metadata"] when ObjectMetadata.FieldNames.Contains(name) =>
                    $"{field} is null: this message has none{(name == "operationId" ? OperationIdNote : "")}",
                [] or ["metadata"] or ["time"] or ["batch"] => $"{field} is null: {(parent.Length == 0 ? "the context" : parent[0])} has no such field",
                _ => $"{field} is null: the message has no such field",
            };
        }

        return null;
    }

    // A path as a template writes it: plain names bare, others quoted.
    private static string Format(IEnumerable<string> path) =>
        string.Join('.', path.Select(name => Excerpt.Quote(PlainName().IsMatch(name) ? name : JsonSerializer.Serialize(name))));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();
}
