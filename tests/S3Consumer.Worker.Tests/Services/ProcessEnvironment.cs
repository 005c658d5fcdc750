namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Tests that change what the whole test process shares (environment variables the AWS SDK reads, its credential
/// search order) run alone, after the tests that run in parallel, and put back what they changed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "the process's environment";

    /// <summary>Sets environment variables (null removes one) until the answer is disposed, which puts back what was there.</summary>
    public static IDisposable Set(params (string Name, string? Value)[] variables)
    {
        var before = variables.Select(variable => (variable.Name, Value: Environment.GetEnvironmentVariable(variable.Name))).ToList();
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        return new Restore(before);
    }

    private sealed class Restore(List<(string Name, string? Value)> before) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
