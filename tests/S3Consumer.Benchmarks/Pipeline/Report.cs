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
            var verdict = goal is null ? "" : $"{goal.Text}: {(goal.IsMet(median) ? "met" : "NOT met")}";
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

/// <summary>What a figure's median must be, e.g. <c>&gt;= 0.9</c>.</summary>
internal sealed record Goal(string Text, Func<double, bool> IsMet)
{
    public static Goal AtLeast(double bound) => new(Pipeline.Text.Invariant($"goal >= {bound}"), value => value >= bound);

    public static Goal AtMost(double bound) => new(Pipeline.Text.Invariant($"goal <= {bound}"), value => value <= bound);

    public static Goal Exactly(double expected) => new(Pipeline.Text.Invariant($"goal = {expected}"), value => value == expected);
}
