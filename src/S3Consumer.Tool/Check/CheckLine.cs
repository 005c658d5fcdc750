namespace S3Consumer.Tool.Check;

/// <summary>One line of <c>check</c>'s report beside the destinations' table, and whether it passes.</summary>
internal sealed record CheckLine(bool Ok, string Text)
{
    public static CheckLine Passed(string text) => new(true, text);

    public static CheckLine Failed(string text) => new(false, text);
}
