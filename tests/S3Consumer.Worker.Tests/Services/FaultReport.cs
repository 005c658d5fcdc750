namespace S3Consumer.Worker.Tests.Services;

/// <summary>What a fault scenario ended with; scripts/test.sh prints the lines after the run.</summary>
internal sealed record FaultReport(string Scenario, int Sent, int Written, int Lost, int WrittenAgain, int Unexpected, uint InErrorQueues, string Note = "")
{
    public override string ToString() =>
        $"{Scenario}: {Sent} sent, {Written} written, {Lost} lost, {WrittenAgain} written again (same key and body), " +
        $"{Unexpected} unexpected, {InErrorQueues} in error queues{(Note.Length > 0 ? $"; {Note}" : "")}";

    public void Print(Xunit.Abstractions.ITestOutputHelper output)
    {
        output.WriteLine(ToString());
        if (Environment.GetEnvironmentVariable("S3CONSUMER_TEST_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllLines(file, [ToString()]);
        }
    }
}
