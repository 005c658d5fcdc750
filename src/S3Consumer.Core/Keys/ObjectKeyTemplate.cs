using System.Collections.Concurrent;
using System.Text;
using DevLab.JmesPath;
using DevLab.JmesPath.Expressions;
using DevLab.JmesPath.Utils;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Keys;

/// <summary>
/// A destination's JMESPath object key template, parsed once and safe to render from many threads.
/// </summary>
/// <remarks>
/// A parsed JmesPath.Net expression keeps evaluation state (variables, function context) in instances it shares
/// between calls, so two threads rendering through one expression can see each other's values. Each render
/// therefore rents an expression of its own from a pool; the pool grows to the number of concurrent renders.
/// </remarks>
public sealed class ObjectKeyTemplate
{
    public const string DefaultText = "join('', [time.rfc3339_nano, '_', metadata.\"event-id\", '.json'])";

    /// <summary>The default key of a one-object destination of <c>Format</c> records, whose object is NDJSON: as <see cref="DefaultText"/>, ending <c>.ndjson</c>.</summary>
    public const string DefaultRecordsText = "join('', [time.rfc3339_nano, '_', metadata.\"event-id\", '.ndjson'])";
    public const int MaxKeyBytes = 1024;

    private readonly ConcurrentBag<JmesPathExpression> pool = [];
    private readonly FieldJoin? fieldJoin;

    // A batched destination's Batch:PartitionBy: its value is a partition, which may be empty, and its reasons name it so.
    private readonly bool partition;

    private ObjectKeyTemplate(string text, JmesPathExpression first, bool partition)
    {
        Text = text;
        Reads = TemplateReads.Of(first);
        ReadsData = Reads.Reads("data");
        ReadsBatchId = Reads.ReadsPath("batch", "id");
        fieldJoin = FieldJoin.Of(first);
        this.partition = partition;
        pool.Add(first);
    }

    public static ObjectKeyTemplate Default { get; } = Parse(DefaultText);

    public static ObjectKeyTemplate DefaultRecords { get; } = Parse(DefaultRecordsText);

    public string Text { get; }

    /// <summary>Whether the template may read the <c>data</c> namespace; when not, the payload need not be parsed.</summary>
    public bool ReadsData { get; }

    /// <summary>Whether it reads <c>batch.id</c>, which sets one batch's key apart from every other's.</summary>
    public bool ReadsBatchId { get; }

    /// <summary>The fields it reads, from its syntax tree.</summary>
    internal TemplateReads Reads { get; }

    /// <summary>Whether it reads the field <paramref name="name"/> of <paramref name="namespace"/> by name (<c>metadata."event-id"</c>).</summary>
    public bool ReadsField(string @namespace, string name) => Reads.ReadsPath(@namespace, name);

    /// <summary>Parses a template; throws <see cref="FormatException"/> quoting the parser's complaint.</summary>
    public static ObjectKeyTemplate Parse(string text) => Parse(text, partition: false);

    /// <summary>
    /// Parses a batched destination's <c>Batch:PartitionBy</c>, a template over the same <c>metadata</c>, <c>time</c> and
    /// <c>data</c> whose value is a message's partition: a string of at most <see cref="MaxKeyBytes"/> UTF-8 bytes,
    /// the empty one included. Throws <see cref="FormatException"/> quoting the parser's complaint.
    /// </summary>
    public static ObjectKeyTemplate ParsePartition(string text) => Parse(text, partition: true);

    private static ObjectKeyTemplate Parse(string text, bool partition)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return new ObjectKeyTemplate(text, new JmesPath().Parse(text), partition);
        }
#pragma warning disable CA1031 // JmesPath.Net reports every parse error as a plain Exception.
        catch (Exception error)
#pragma warning restore CA1031
        {
            throw new FormatException(error.Message, error);
        }
    }

    /// <summary>
    /// Renders the key for one message over the context <see cref="KeyContext.Create"/> makes of these (only when the
    /// template is more than a join of metadata and time fields); throws <see cref="UndeliverableMessageException"/>
    /// when it is no usable key.
    /// </summary>
    public string Render(ObjectMetadata metadata, EventTime time, ReadOnlyMemory<byte> data, string destinationName)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return fieldJoin?.TryRender(metadata, time) is { } key
            ? Checked(key, destinationName)
            : Render(KeyContext.Create(metadata, time, ReadsData ? data : (ReadOnlyMemory<byte>?)null), destinationName);
    }

    /// <summary>Renders the key for one message; throws <see cref="UndeliverableMessageException"/> when it is no usable key.</summary>
    public string Render(JToken context, string destinationName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var produced = Evaluate(context, destinationName);
        return produced?.Type == JTokenType.String
            ? Checked(produced.Value<string>()!, destinationName)
            : throw Unusable(destinationName, produced is null or { Type: JTokenType.Null }
                ? $"null: {NullFields.Explain(Reads.AllPaths, context) ?? "a field it reads is missing (names are case-sensitive, and hyphenated ones need quotes)"}{WithoutBatch(context)}"
                : $"{Excerpt.Quote(produced.ToString(Formatting.None))}, of type {JsonTypeName(produced.Type)}, not a string");
    }

    // A key's leading '/' is dropped as the object is written (as the AWS SDK drops it): '/' alone would name the bucket.
    private string Checked(string key, string destinationName) => key switch
    {
        "" when !partition => throw Unusable(destinationName, "an empty string"),
        "/" when !partition => throw Unusable(destinationName, "'/', which is empty once its leading '/' is dropped"),
        _ when Encoding.UTF8.GetByteCount(key) is var size && size > MaxKeyBytes =>
            throw Unusable(destinationName, $"{(partition ? "a partition" : "a key")} of {size:N0} UTF-8 bytes starting '{Excerpt.Bound(key, 64)}'"),
        _ => key,
    };

    private UndeliverableMessageException Unusable(string destinationName, string produced) =>
        Invalid(destinationName, $"produced {produced}; {(partition ? "a partition must be a string" : "a key must be a non-empty string")} of at most {MaxKeyBytes:N0} UTF-8 bytes");

    private static string JsonTypeName(JTokenType type) => type switch
    {
        JTokenType.Integer or JTokenType.Float => "number",
        _ => type.ToString().ToLowerInvariant(),
    };

    private JToken? Evaluate(JToken context, string destinationName)
    {
        if (!pool.TryTake(out var expression))
        {
            expression = new JmesPath().Parse(Text);
        }

        try
        {
            return expression.Transform(context).AsJToken();
        }
#pragma warning disable CA1031 // JmesPath.Net reports every evaluation error as a plain Exception.
        catch (Exception error)
#pragma warning restore CA1031
        {
            // A function given a null (join's "expects an array of string") fails rather than producing null: say which.
            var nulls = NullFields.Explain(Reads.AllPaths, context) is { } explained ? $": {explained}" : "";
            throw Invalid(destinationName, $"failed: {Excerpt.Quote(error.Message).TrimEnd('.')}{nulls}{WithoutBatch(context)}");
        }
        finally
        {
            pool.Add(expression);
        }
    }

    // A template that reads batch fails where there is none: on a destination that writes one object per message.
    private string WithoutBatch(JToken context) =>
        Reads.Reads("batch") && context is JObject document && document["batch"] is null
            ? " (it reads batch, which only a destination with Batch:MaxMessages above 0 has)"
            : "";

    private UndeliverableMessageException Invalid(string destinationName, string problem) =>
        new(UndeliverableReason.InvalidObjectKey,
            $"Destination '{destinationName}': {(partition ? "Batch:PartitionBy" : "object key template")} {Excerpt.Bound(Text, 200)} {problem}. Fix the template or the message.");
}
