using DuckDB.NET.Data;

namespace S3Consumer.Testing;

/// <summary>DuckDB, in memory: the reader no one here wrote, for what the row writers write.</summary>
public static class DuckDb
{
    /// <summary>Every row <paramref name="sql"/> gives, each as its values (DBNull as null).</summary>
    public static List<object?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return Query(connection, sql);
    }

    public static List<object?[]> Query(DuckDBConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var column = 0; column < row.Length; column++)
            {
                row[column] = reader.IsDBNull(column) ? null : reader.GetValue(column);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The one value <paramref name="sql"/> gives.</summary>
    public static object? Scalar(string sql) => Query(sql) is [[var value]]
        ? value
        : throw new InvalidOperationException($"{sql} gave no single value.");

    /// <summary>A path as a DuckDB string literal.</summary>
    public static string Literal(string path) => $"'{path.Replace("'", "''", StringComparison.Ordinal)}'";
}
