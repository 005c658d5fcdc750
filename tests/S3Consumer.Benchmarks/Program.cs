using BenchmarkDotNet.Running;
using S3Consumer.Benchmarks.Pipeline;
using S3Consumer.Benchmarks.Soak;

// `pipeline [--quick] [options]` measures the whole pipeline (docs/performance.md), `soak [--quick] [options]` plays
// traffic and faults for minutes and accounts for every message (docs/reliability.md); anything else goes to BenchmarkDotNet.
if (args is ["pipeline", .. var options])
{
    return await PipelineCommand.RunAsync(options, Console.Out);
}

if (args is ["soak", .. var soakOptions])
{
    return await SoakCommand.RunAsync(soakOptions, Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
