using System.Text.RegularExpressions;

namespace S3Consumer.Worker.Tests.Docs;

/// <summary>The repository's README.md, read by its sections.</summary>
internal static partial class Readme
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));

    /// <summary>
    /// The lines of the section headed <paramref name="heading"/> (<c>## Layout</c>), its subsections included, up to the
    /// next heading of its level or above.
    /// </summary>
    public static IReadOnlyList<string> Section(string heading)
    {
        var start = Array.IndexOf(Lines, heading);
        Assert.True(start >= 0, $"README.md has no heading '{heading}'.");
        var level = heading.IndexOf(' ', StringComparison.Ordinal);
        var end = start + 1;
        for (var fenced = false; end < Lines.Length; end++)
        {
            // A line of a code block that starts with # (a shell comment) is no heading.
            fenced ^= Lines[end].StartsWith("```", StringComparison.Ordinal);
            if (!fenced && Lines[end].StartsWith('#') && Lines[end].IndexOf(' ', StringComparison.Ordinal) is > 0 and var other && other <= level)
            {
                break;
            }
        }

        return Lines[(start + 1)..end];
    }

    /// <summary>The cells of each row of the tables in <paramref name="lines"/> whose header starts with <paramref name="header"/>.</summary>
    public static IEnumerable<string[]> Rows(IReadOnlyList<string> lines, string header)
    {
        var inTable = false;
        foreach (var line in lines)
        {
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            var cells = line.Trim('|').Split(" | ").Select(cell => cell.Trim()).ToArray();
            if (line.StartsWith(header, StringComparison.Ordinal))
            {
                inTable = true;
            }
            else if (inTable && !cells[0].StartsWith("---", StringComparison.Ordinal))
            {
                yield return cells;
            }
        }
    }

    /// <summary>The text between backticks in <paramref name="text"/>, in order.</summary>
    public static IEnumerable<string> Quoted(string text) => Code().Matches(text).Select(match => match.Groups[1].Value);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
