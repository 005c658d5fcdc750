using System.Security.Cryptography;
using S3Consumer.Worker.Tests.Batches;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// What a fault scenario ended with, for messages sent as <see cref="BatchBodies"/> numbered <c>0</c> to <c>Sent - 1</c>
/// (so that each object must hold exactly its own message's body); scripts/test.sh prints the lines after the run.
/// </summary>
internal sealed record FaultReport(
    string Scenario, int Sent, int Written, int Lost, int Changed, int WrittenAgain, int Unexpected, uint InErrorQueues, string Note = "")
{
    /// <summary>
    /// Compares what <paramref name="bucket"/> holds with what was sent, key by key and by the MD5 of each body S3
    /// received (the object's ETag), and counts the messages in the queues' error queues.
    /// </summary>
    public static async Task<FaultReport> TakeAsync(
        string scenario, int sent, S3Bucket bucket, S3FaultProxy proxy, Broker broker, IEnumerable<string> queues, string note = "")
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(broker);
        var expected = Enumerable.Range(0, sent).ToDictionary(Key, number => Md5(BatchBodies.Of(number)), StringComparer.Ordinal);
        var written = await bucket.ETagsAsync();
        var inErrorQueues = 0u;
        foreach (var queue in queues)
        {
            inErrorQueues += await broker.CountAsync($"{queue}_error");
        }

        return new FaultReport(
            scenario,
            sent,
            written.Count,
            Lost: expected.Keys.Count(key => !written.ContainsKey(key)),
            Changed: expected.Count(entry => written.TryGetValue(entry.Key, out var etag) && etag != entry.Value),
            WrittenAgain: proxy.Written.Values.Count(puts => puts > 1),
            Unexpected: written.Keys.Count(key => !expected.ContainsKey(key)),
            inErrorQueues,
            note);
    }

    /// <summary>The key the default template gives message <paramref name="number"/>.</summary>
    public static string Key(int number) => $"2025-10-14T02:58:59.323405308Z_{BatchBodies.EventId(number)}.json";

    public override string ToString() =>
        $"{Scenario}: {Sent} sent, {Written} written, {Lost} lost, {Changed} with another body, {WrittenAgain} written again (same key and body), " +
        $"{Unexpected} unexpected, {InErrorQueues} in error queues{(Note.Length > 0 ? $"; {Note}" : "")}";

    public void Print(Xunit.Abstractions.ITestOutputHelper output)
    {
        output.WriteLine(ToString());
        if (Environment.GetEnvironmentVariable("S3CONSUMER_TEST_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllLines(file, [ToString()]);
        }
    }

    /// <summary>Nothing lost, changed, unexpected or parked.</summary>
    public void AssertNothingLost() => Assert.True((Lost, Changed, Unexpected, InErrorQueues) == (0, 0, 0, 0u), ToString());

#pragma warning disable CA5351 // S3's ETag is an MD5: compared, not trusted
    private static string Md5(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351
}
