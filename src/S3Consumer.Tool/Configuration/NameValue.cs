using System.CommandLine.Parsing;

namespace S3Consumer.Tool.Configuration;

/// <summary>Reads repeated <c>NAME=VALUE</c> option values (<c>--header</c>, <c>--set</c>).</summary>
internal static class NameValue
{
    public static KeyValuePair<string, string>[] ParseAll(ArgumentResult result)
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
