namespace S3Consumer.Testing.Telemetry;

// Flattened views of what arrived over OTLP. Ids are lowercase hex ("" when absent); attribute values are
// string, long, double, bool, byte[], object?[] (arrays) or IReadOnlyDictionary<string, object?> (key-value lists).

/// <summary>One span. <paramref name="Kind"/> is "Internal", "Server", "Client", "Producer", "Consumer" (or "Unspecified");
/// <paramref name="StatusCode"/> is "Unset", "Ok" or "Error"; <paramref name="Start"/> and <paramref name="End"/> are UTC.</summary>
public sealed record ReceivedSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    string Kind,
    string ServiceName,
    string ScopeName,
    IReadOnlyDictionary<string, object?> Attributes,
    string StatusCode,
    IReadOnlyList<string> LinkedSpanIds,
    DateTime Start,
    DateTime End);

/// <summary>One data point of a metric: sums and gauges fill <paramref name="Value"/>,
/// histograms and summaries fill <paramref name="Count"/> and <paramref name="Sum"/>.</summary>
public sealed record ReceivedMetricPoint(
    string Name,
    string Unit,
    string ScopeName,
    string ServiceName,
    IReadOnlyDictionary<string, object?> Attributes,
    double? Value,
    ulong? Count,
    double? Sum);

/// <summary>One log record. <paramref name="Severity"/> is the sender's severity text (for ILogger the level name,
/// e.g. "Information"), or the OTLP severity number's name (e.g. "Info") when the sender set no text.</summary>
public sealed record ReceivedLog(
    string Body,
    string Severity,
    string TraceId,
    string SpanId,
    IReadOnlyDictionary<string, object?> Attributes);
