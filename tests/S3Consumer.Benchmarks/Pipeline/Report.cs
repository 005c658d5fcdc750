namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>The figures of a run, each measured once per repetition, printed as median and range, with its goal if it has one.</summary>
internal sealed class Report
{
    private readonly List<(string Name, string Format, string Unit, Goal? Goal, List<double> Values)> rows = [];

    public void Add(string name, double value, string format, string unit, Goal? goal = null)
    {
        var index = rows.FindIndex(row => row.Name == name);
        if (index < 0)
        {
            rows.Add((name, format, unit, goal, []));
            index = rows.Count - 1;
        }

        rows[index].Values.Add(value);
    }

    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (rows.Count == 0)
        {
            output.WriteLine("no figures");
            return;
        }

        var width = rows.Max(row => row.Name.Length);
        output.WriteLine(Text.Invariant($"{"figure".PadRight(width)}  {"median",10}  {"range (min - max)",-23} {"unit",-5} runs  goal"));
        foreach (var (name, format, unit, goal, values) in rows)
        {
            var median = Median(values);
            var range = $"{Number(values.Min(), format)} - {Number(values.Max(), format)}";
            var verdict = goal is null ? "" : $"{goal.Text}: {goal.Verdict(median, format)}";
            output.WriteLine(Text.Invariant($"{name.PadRight(width)}  {Number(median, format),10}  {range,-23} {unit,-5} {values.Count,4}  {verdict}"));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Number(double value, string format) => value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// What a figure's median must be, e.g. <c>&gt;= 0.9</c>, and by how much it is met or missed: <paramref name="Margin"/>
/// is the room left (at or above 0 when met), in the figure's unit.
/// </summary>
internal sealed record Goal(string Text, double Bound, Func<double, double> Margin)
{
    public static Goal AtLeast(double bound) => new(Pipeline.Text.Invariant($"goal >= {bound}"), bound, value => value - bound);

    public static Goal AtMost(double bound) => new(Pipeline.Text.Invariant($"goal <= {bound}"), bound, value => bound - value);

    public static Goal Exactly(double expected) => new(Pipeline.Text.Invariant($"goal = {expected}"), expected, value => -Math.Abs(value - expected));

    public bool IsMet(double value) => Margin(value) >= 0;

    /// <summary>"met by 0.04 (8%)", "NOT met by 0.02 (4%)", or "met" for an exact goal reached.</summary>
    public string Verdict(double value, string format)
    {
        var margin = Margin(value);
        if (margin == 0)
        {
            return "met";
        }

        var share = Bound == 0 ? "" : Pipeline.Text.Invariant($" ({Math.Abs(margin / Bound) * 100:N0}%)");
        return Pipeline.Text.Invariant($"{(margin > 0 ? "met" : "NOT met")} by {Math.Abs(margin).ToString(format, System.Globalization.CultureInfo.InvariantCulture)}{share}");
    }
}
