namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Tests that count every span or measurement the test process makes under a source or meter name (the worker's,
/// MassTransit's) run alone, after the tests that run in parallel: a worker of another test running at the same time
/// would be counted too. They use the test broker and S3 server, as the <see cref="RealServices"/> lanes do.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeProcessTelemetry
{
    public const string Name = "every span and measurement of the process";
}
