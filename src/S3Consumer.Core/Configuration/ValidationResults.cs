using Microsoft.Extensions.Options;

namespace S3Consumer.Core.Configuration;

/// <summary>
/// The result of every options validator of the worker and the tool from its problems, each a line that says what to
/// change (a null one is none), so that a start refused lists all of them at once.
/// </summary>
public static class ValidationResults
{
    public static ValidateOptionsResult Of(IEnumerable<string?> problems)
    {
        var failures = problems.OfType<string>().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static ValidateOptionsResult Of(string? problem) => Of([problem]);
}
