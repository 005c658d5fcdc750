using System.Collections;
using System.Reflection;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Docs;

/// <summary>Every configuration key the worker binds is in README.md's configuration table, found from its options classes.</summary>
public sealed class ConfigurationTableTests
{
    [Fact]
    public void Every_bound_key_is_in_the_readme_table()
    {
        var documented = Documented();

        var missing = Bound().Where(key => !documented.Contains(key)).ToList();

        Assert.True(missing.Count == 0, $"README.md's configuration table has no row for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_options_classes_are_found_with_their_sections()
    {
        var bound = Bound();

        Assert.Contains("RabbitMq:Tls:CaFile", bound);
        Assert.Contains("Destinations:<name>:Batch:MaxMessages", bound);
        Assert.Contains("Destinations:<name>:Tags:<key>", bound);
        Assert.Contains("Health:Port", bound);
        Assert.DoesNotContain("Ingress:Enabled", bound); // computed, not bound
    }

    // Each options class with a SectionName, in the worker's assembly and the core's, and the keys of its properties.
    private static List<string> Bound() =>
    [
        .. new[] { typeof(QueueOptions).Assembly, typeof(ConfiguredDestinations).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Select(type => (Type: type, Section: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(options => options.Section is not null)
            .SelectMany(options => Keys(options.Type, options.Section!))
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        if (Entries(type) is { } entries)
        {
            return Keys(entries, prefix + ":<name>");
        }

        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(property =>
        {
            var key = $"{prefix}:{property.Name}";
            var leaf = IsLeaf(property.PropertyType);
            if (leaf && property.SetMethod is not { IsPublic: true })
            {
                return []; // computed from the others
            }

            return Entries(property.PropertyType) is { } values
                ? IsLeaf(values) ? [key + ":<key>"] : Keys(values, key + ":<name>")
                : leaf ? [key] : Keys(property.PropertyType, key);
        });
    }

    // The values' type of a dictionary keyed by name (Destinations:<name>, Tags:<key>); null for any other type.
    private static Type? Entries(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(face => face.IsGenericType && face.GetGenericTypeDefinition() == typeof(IDictionary<,>) && face.GetGenericArguments()[0] == typeof(string))
            ?.GetGenericArguments()[1];

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(decimal)
        || Nullable.GetUnderlyingType(type) is not null || (typeof(IEnumerable).IsAssignableFrom(type) && Entries(type) is null);

    // The table's keys: `RabbitMq:Host` / `Port` names RabbitMq:Host and RabbitMq:Port.
    private static HashSet<string> Documented()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cells in Readme.Rows(Readme.Section("## Configuration"), "| key | default |"))
        {
            var names = Readme.Quoted(cells[0]).ToList();
            var first = names[0];
            var prefix = first.Contains(':', StringComparison.Ordinal) ? first[..(first.LastIndexOf(':') + 1)] : "";
            keys.UnionWith(names.Select(name => name.Contains(':', StringComparison.Ordinal) ? name : prefix + name));
        }

        return keys;
    }
}
