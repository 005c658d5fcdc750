using BenchmarkDotNet.Running;
using S3Consumer.Benchmarks.Pipeline;

// `pipeline [--quick] [options]` measures the whole pipeline (docs/performance.md); anything else goes to BenchmarkDotNet.
if (args is ["pipeline", .. var options])
{
    return await PipelineCommand.RunAsync(options, Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
