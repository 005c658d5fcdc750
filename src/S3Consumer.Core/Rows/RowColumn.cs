namespace S3Consumer.Core.Rows;

/// <summary>One column of the rows a destination of Format <c>records</c> or <c>parquet</c> writes.</summary>
/// <param name="Name">The column's name in every format and table definition.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Source">Where its value comes from, for the manual and table comments.</param>
public sealed record RowColumn(string Name, RowColumnKind Kind, string Source);
