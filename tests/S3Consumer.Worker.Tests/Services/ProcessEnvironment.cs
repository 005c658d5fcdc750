namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Tests that change what the whole test process shares (environment variables the AWS SDK reads, its credential
/// search order) run alone, after the tests that run in parallel, and put back what they changed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "the process's environment";

    /// <summary>
    /// Sets environment variables (null removes one) until the answer is disposed, which puts back what was there; the AWS
    /// SDK reads them again, as a process started with them would.
    /// </summary>
    public static IDisposable Set(params (string Name, string? Value)[] variables)
    {
        var before = variables.Select(variable => (variable.Name, Value: Environment.GetEnvironmentVariable(variable.Name))).ToList();
        Apply(variables);
        return new Restore(before);
    }

    // The SDK takes its standard settings (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS among them) from the environment and
    // profile once a process: they are read again.
    private static void Apply(IEnumerable<(string Name, string? Value)> variables)
    {
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Amazon.Runtime.Internal.FallbackInternalConfigurationFactory.Reset();
    }

    private sealed class Restore(List<(string Name, string? Value)> before) : IDisposable
    {
        public void Dispose() => Apply(before);
    }
}
