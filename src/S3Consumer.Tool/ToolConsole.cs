using Spectre.Console;

namespace S3Consumer.Tool;

/// <summary>
/// Where the tool writes: results (keys, tables, JSON) to <see cref="Out"/>, progress and explanations to <see cref="Error"/>,
/// so that standard output stays usable in scripts.
/// </summary>
public sealed class ToolConsole(TextWriter output, TextWriter error, Func<Stream>? input = null)
{
    public static ToolConsole Standard { get; } = new(Console.Out, Console.Error, Console.OpenStandardInput);

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard input, for a message given as <c>-</c>.</summary>
    public Func<Stream> Input { get; } = input ?? (() => Stream.Null);

    /// <summary>Tables and markup on standard output.</summary>
    public IAnsiConsole Rich { get; } = Create(output);

    /// <summary>Progress bars on standard error.</summary>
    public IAnsiConsole Status { get; } = Create(error);

    private static IAnsiConsole Create(TextWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
}
