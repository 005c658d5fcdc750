namespace S3Consumer.Tool.Ddl;

/// <summary>A Hive-style <c>name=value</c> segment of the keys, as a table's partition column.</summary>
/// <param name="Name">The column: the segment's text before <c>=</c>.</param>
/// <param name="Projection">How its values are known.</param>
/// <param name="Value">The value, for a <see cref="PartitionProjection.Constant"/> one.</param>
internal sealed record PartitionColumn(string Name, PartitionProjection Projection, string? Value = null);
