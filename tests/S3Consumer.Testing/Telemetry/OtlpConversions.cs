using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using S3Consumer.Testing.Telemetry.Otlp;

namespace S3Consumer.Testing.Telemetry;

/// <summary>Flattens the OTLP export requests into the receiver's records.</summary>
internal static class OtlpConversions
{
    public static IEnumerable<ReceivedSpan> Spans(ExportTraceServiceRequest request) =>
        from resourceSpans in request.ResourceSpans
        let serviceName = ServiceName(resourceSpans.Resource)
        from scopeSpans in resourceSpans.ScopeSpans
        from span in scopeSpans.Spans
        select new ReceivedSpan(
            Hex(span.TraceId),
            Hex(span.SpanId),
            Hex(span.ParentSpanId),
            span.Name,
            span.Kind.ToString(),
            serviceName,
            scopeSpans.Scope?.Name ?? "",
            Attributes(span.Attributes),
            (span.Status?.Code ?? Status.Types.StatusCode.Unset).ToString(),
            span.Links.Select(link => Hex(link.SpanId)).ToArray(),
            Time(span.StartTimeUnixNano),
            Time(span.EndTimeUnixNano));

    public static IEnumerable<ReceivedMetricPoint> MetricPoints(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var serviceName = ServiceName(resourceMetrics.Resource);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scopeMetrics.Metrics)
                {
                    ReceivedMetricPoint Point(RepeatedField<KeyValue> attributes, double? value, ulong? count, double? sum) =>
                        new(metric.Name, metric.Unit, scopeMetrics.Scope?.Name ?? "", serviceName, Attributes(attributes), value, count, sum);

                    var points = metric.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(point => Point(point.Attributes, Number(point), null, null)),
                        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(point => Point(point.Attributes, Number(point), null, null)),
                        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(point =>
                            Point(point.Attributes, null, point.Count, point.HasSum ? point.Sum : null)),
                        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Select(point =>
                            Point(point.Attributes, null, point.Count, point.HasSum ? point.Sum : null)),
                        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Select(point => Point(point.Attributes, null, point.Count, point.Sum)),
                        _ => [],
                    };
                    foreach (var point in points)
                    {
                        yield return point;
                    }
                }
            }
        }
    }

    public static IEnumerable<ReceivedLog> Logs(ExportLogsServiceRequest request) =>
        from resourceLogs in request.ResourceLogs
        from scopeLogs in resourceLogs.ScopeLogs
        from record in scopeLogs.LogRecords
        select new ReceivedLog(
            Convert.ToString(Value(record.Body), CultureInfo.InvariantCulture) ?? "",
            string.IsNullOrEmpty(record.SeverityText) ? record.SeverityNumber.ToString() : record.SeverityText,
            Hex(record.TraceId),
            Hex(record.SpanId),
            Attributes(record.Attributes));

    public static IReadOnlyDictionary<string, object?> Attributes(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, object?>(attributes.Count);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = Value(attribute.Value);
        }

        return result;
    }

    public static object? Value(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(Value).ToArray(),
        AnyValue.ValueOneofCase.KvlistValue => Attributes(value.KvlistValue.Values),
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToByteArray(),
        _ => null,
    };

    private static DateTime Time(ulong unixNanoseconds) => DateTime.UnixEpoch.AddTicks((long)(unixNanoseconds / 100));

    private static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(attribute => attribute.Key == "service.name")?.Value?.StringValue ?? "";

    private static double? Number(NumberDataPoint point) => point.ValueCase switch
    {
        NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
        NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
        _ => null,
    };
}
