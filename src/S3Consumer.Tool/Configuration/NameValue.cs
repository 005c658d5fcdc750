using System.CommandLine;
using System.CommandLine.Parsing;

namespace S3Consumer.Tool.Configuration;

/// <summary>Repeatable <c>NAME=VALUE</c> options (<c>--header</c>, <c>--set</c>).</summary>
internal static class NameValue
{
    public static Option<KeyValuePair<string, string>[]> Option(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = ParseAll,
    };

    private static KeyValuePair<string, string>[] ParseAll(ArgumentResult result)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var token in result.Tokens)
        {
            var separator = token.Value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                result.AddError($"'{token.Value}' is not NAME=VALUE.");
                return [];
            }

            pairs.Add(new(token.Value[..separator], token.Value[(separator + 1)..]));
        }

        return [.. pairs];
    }
}
