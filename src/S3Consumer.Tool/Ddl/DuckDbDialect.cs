using System.Text;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Rows;

namespace S3Consumer.Tool.Ddl;

/// <summary>
/// A DuckDB <c>CREATE VIEW</c> over every object of the destination (<c>read_parquet</c>, or <c>read_json</c> with the
/// columns' types), Hive-style folders read as partition columns.
/// </summary>
internal static class DuckDbDialect
{
    public static string Render(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var hive = table.Layout.Partitions.Count > 0 ? "true" : "false";
        var sql = new StringBuilder()
            .AppendLine($"-- Rows of destination '{table.Destination}' (Format {table.Format.ToString().ToLowerInvariant()}): one per record, each with its message's columns.")
            .AppendLine("-- JSON columns hold the JSON sent: json_extract_string(fields, '$.email'). Reading s3:// needs the httpfs extension and S3 credentials (CREATE SECRET).")
            .AppendLine($"CREATE OR REPLACE VIEW \"{table.Name}\" AS");
        if (table.Format == ObjectFormat.Parquet)
        {
            return sql.AppendLine($"SELECT * FROM read_parquet('{table.Glob}', hive_partitioning = {hive});").ToString();
        }

        return sql
            .AppendLine($"SELECT * FROM read_json('{table.Glob}', format = 'newline_delimited', compression = '{CompressionOf(table.Compression)}', hive_partitioning = {hive}, columns = {{")
            .AppendJoin(",\n", RowColumns.All.Select(column => $"  '{column.Name}': '{TypeOf(column.Kind)}'"))
            .AppendLine()
            .AppendLine("});")
            .ToString();
    }

    private static string TypeOf(RowColumnKind kind) => kind switch
    {
        RowColumnKind.Time => "TIMESTAMPTZ",
        RowColumnKind.Index => "INTEGER",
        RowColumnKind.Json => "JSON",
        _ => "VARCHAR",
    };

    private static string CompressionOf(BatchCompression compression) => compression switch
    {
        BatchCompression.Gzip => "gzip",
        BatchCompression.Zstd => "zstd",
        _ => "uncompressed",
    };
}
