using System.Text;
using S3Consumer.Core.Rows;

namespace S3Consumer.Tool.Ddl;

/// <summary>
/// An Athena <c>CREATE EXTERNAL TABLE</c>: Parquet, or NDJSON through the OpenX JSON SerDe (which gives a JSON
/// column's object as its text); Hive-style partitions as partition columns with projection, so no partition is
/// ever added by hand or by a crawler.
/// </summary>
internal static class AthenaDialect
{
    /// <summary>The first day a date projection reaches back to; a query that filters on the column reads only its days.</summary>
    private const string FirstDate = "2020-01-01";

    public static string Render(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var parquet = table.Format == ObjectFormat.Parquet;
        var sql = new StringBuilder()
            .AppendLine($"-- Rows of destination '{table.Destination}' (Format {table.Format.ToString().ToLowerInvariant()}): one per record, each with its message's columns.")
            .AppendLine("-- JSON columns hold the JSON sent, as text: json_extract_scalar(fields, '$.email').")
            .AppendLine(parquet ? "-- event_time is a UTC timestamp (microseconds)." : "-- event_time is RFC 3339 text: from_iso8601_timestamp(event_time).");
        foreach (var injected in table.Layout.Partitions.Where(partition => partition.Projection == PartitionProjection.Injected))
        {
            sql.AppendLine($"-- Every query names the {injected.Name} it reads: WHERE {injected.Name} = '...' (its values are the messages', so no projection lists them).");
        }

        sql.AppendLine($"CREATE EXTERNAL TABLE IF NOT EXISTS `{table.Name}` (")
            .AppendJoin(",\n", RowColumns.All.Select(column => $"  `{column.Name}` {TypeOf(column.Kind, parquet)} COMMENT '{column.Source.Replace("'", "''", StringComparison.Ordinal)}'"))
            .AppendLine()
            .AppendLine(")");
        if (table.Layout.Partitions.Count > 0)
        {
            sql.AppendLine($"PARTITIONED BY ({string.Join(", ", table.Layout.Partitions.Select(partition => $"`{partition.Name}` string"))})");
        }

        sql.AppendLine(parquet ? "STORED AS PARQUET" : "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'")
            .Append($"LOCATION '{table.Location}'");
        if (table.Layout.Partitions.Count > 0)
        {
            sql.AppendLine().AppendLine("TBLPROPERTIES (").AppendJoin(",\n", Projection(table).Select(property => $"  '{property.Key}' = '{property.Value}'")).AppendLine().Append(')');
        }

        return sql.AppendLine(";").ToString();
    }

    private static string TypeOf(RowColumnKind kind, bool parquet) => kind switch
    {
        RowColumnKind.Time when parquet => "timestamp",
        RowColumnKind.Index => "int",
        _ => "string",
    };

    private static IEnumerable<KeyValuePair<string, string>> Projection(TableDefinition table)
    {
        yield return new("projection.enabled", "true");
        foreach (var partition in table.Layout.Partitions)
        {
            var prefix = $"projection.{partition.Name}";
            var (type, properties) = partition.Projection switch
            {
                PartitionProjection.Constant => ("enum", new[] { ("values", partition.Value!) }),
                PartitionProjection.Date => ("date", [("format", "yyyy-MM-dd"), ("range", $"{FirstDate},NOW"), ("interval", "1"), ("interval.unit", "DAYS")]),
                PartitionProjection.Year => ("integer", [("range", $"{FirstDate[..4]},2099")]),
                PartitionProjection.Month => ("integer", [("range", "1,12"), ("digits", "2")]),
                PartitionProjection.Day => ("integer", [("range", "1,31"), ("digits", "2")]),
                PartitionProjection.Hour => ("integer", [("range", "0,23"), ("digits", "2")]),
                _ => ("injected", []),
            };
            yield return new($"{prefix}.type", type);
            foreach (var (name, value) in properties)
            {
                yield return new($"{prefix}.{name}", value);
            }
        }

        yield return new("storage.location.template", table.Location + string.Concat(table.Layout.Partitions.Select(partition => $"{partition.Name}=${{{partition.Name}}}/")));
    }
}
