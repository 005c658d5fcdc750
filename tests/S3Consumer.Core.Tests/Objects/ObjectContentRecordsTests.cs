using System.Text;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Objects;

/// <summary>Records downloaded to a file take the place of <c>data.result</c>; every other byte of the payload stays as sent.</summary>
public sealed class ObjectContentRecordsTests : IDisposable
{
    private const string Records = """[{"fields":{"id":"1"}},{"fields":{"id":"2","big":1e300}}]""";

    private readonly string path = Path.Combine(Path.GetTempPath(), $"records-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(path);

    [Theory]
    [InlineData("""{"action":"read", "result": [] ,"resultInfo":{"type":"url"}}""", """{"action":"read", "result": RECORDS ,"resultInfo":{"type":"url"}}""")]
    [InlineData("""{"result":null}""", """{"result":RECORDS}""")]
    [InlineData("""{"action":"read",  "resultInfo" : {"type":"url"}  }""", """{"action":"read",  "resultInfo" : {"type":"url"}  ,"result":RECORDS}""")]
    [InlineData("""{ }""", """{ "result":RECORDS}""")]
    [InlineData("""{"n":{"result":[1]},"result":[{"stale":true}],"t":"2025-10-14T02:58:59.323405308Z"}""",
        """{"n":{"result":[1]},"result":RECORDS,"t":"2025-10-14T02:58:59.323405308Z"}""")]
    public void Records_replace_or_join_the_result_member(string data, string expected)
    {
        File.WriteAllText(path, Records);
        using var records = File.OpenHandle(path);

        var content = new ObjectContent(Encoding.UTF8.GetBytes(data)).WithRecords(records, Records.Length);
        var copied = new ObjectContent(Encoding.UTF8.GetBytes(data)).WithRecordsCopied(records, Records.Length);

        var body = ReadAll(content.OpenRead());
        records.Dispose();
        Assert.Equal("{\"data\":" + expected.Replace("RECORDS", Records, StringComparison.Ordinal) + "}", Encoding.UTF8.GetString(body));
        Assert.Equal(body.Length, content.Length);
        Assert.Equal(body, ReadAll(copied.OpenRead())); // read into memory: no file needed any more
        Assert.Equal(body.Length, copied.Length);
    }

    [Fact]
    public void Records_too_large_for_one_line_in_memory_are_refused_with_what_to_do()
    {
        using (var sparse = File.Create(path))
        {
            sparse.SetLength(3L << 30); // a sparse file: no disk taken
        }

        using var records = File.OpenHandle(path);
        var error = Assert.Throws<UndeliverableMessageException>(() => new ObjectContent("""{"result":[]}"""u8.ToArray()).WithRecordsCopied(records, 3L << 30));

        Assert.Equal(UndeliverableReason.ResultDownload, error.Reason);
        Assert.Contains("send results this large to a destination that writes one object per message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_stream_reads_the_whole_body_in_small_reads_and_after_seeking()
    {
        File.WriteAllText(path, Records + "trailing bytes the length leaves out");
        using var records = File.OpenHandle(path);
        var content = new ObjectContent("""{"result":[]}"""u8.ToArray()).WithRecords(records, Records.Length);
        var expected = "{\"data\":{\"result\":" + Records + "}}";

        using var first = content.OpenRead();
        var bytes = new List<byte>();
        var chunk = new byte[3];
        for (int read; (read = first.Read(chunk)) > 0;)
        {
            bytes.AddRange(chunk[..read]);
        }

        using var second = content.OpenRead();
        second.Seek(-20, SeekOrigin.End);
        var end = ReadAll(second);

        Assert.Equal(expected, Encoding.UTF8.GetString([.. bytes]));
        Assert.Equal(expected[^20..], Encoding.UTF8.GetString(end));
        Assert.Equal(expected.Length, second.Length);
    }

    [Theory]
    [InlineData("""{"result":[],"result":[]}""", "data.result is given twice: send it once.")]
    [InlineData("""[]""", "data is not a JSON object.")]
    public void Payload_where_records_have_no_one_place_is_malformed(string data, string says)
    {
        File.WriteAllText(path, Records);
        using var records = File.OpenHandle(path);

        var error = Assert.Throws<UndeliverableMessageException>(() => new ObjectContent(Encoding.UTF8.GetBytes(data)).WithRecords(records, Records.Length));

        Assert.Equal((UndeliverableReason.InvalidJson, $"Invalid JSON: {says}"), (error.Reason, error.Message));
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
