namespace S3Consumer.Benchmarks.Soak;

/// <summary>The figures of a run, one a line, each with its goal and whether it was met; the run passes when every goal is.</summary>
internal sealed class SoakReport
{
    private readonly List<(string Figure, string Value, string Goal, bool? Met)> rows = [];

    public bool AllMet => rows.All(row => row.Met != false);

    public IEnumerable<string> NotMet => rows.Where(row => row.Met == false).Select(row => row.Figure);

    public void Add(string figure, string value, string goal = "", bool? met = null) => rows.Add((figure, value, goal, met));

    /// <summary>A count whose goal is none at all.</summary>
    public void AddNone(string figure, int count) => Add(figure, Pipeline.Text.Invariant($"{count:N0}"), "= 0", count == 0);

    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var width = rows.Max(row => row.Figure.Length);
        var valueWidth = Math.Max(8, rows.Max(row => row.Value.Length));
        output.WriteLine($"{"figure".PadRight(width)}  {"value".PadLeft(valueWidth)}  goal");
        foreach (var (figure, value, goal, met) in rows)
        {
            var verdict = met is { } done ? $"{goal}: {(done ? "met" : "NOT met")}" : goal;
            output.WriteLine($"{figure.PadRight(width)}  {value.PadLeft(valueWidth)}  {verdict}".TrimEnd());
        }
    }
}
