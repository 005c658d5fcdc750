using System.Text;
using S3Consumer.Worker.Results;

namespace S3Consumer.Worker.Tests.Results;

public sealed class RecordsDocumentCheckTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData(" \n[{\"fields\":{\"id\":\"1\",\"n\":1e300,\"s\":\"caf\u00e9 \u65e5\u672c\"}},{\"raw\":null}]\n")]
    public void JSON_array_passes_however_it_is_cut(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        foreach (var size in new[] { 1, 2, 7, bytes.Length })
        {
            using var check = new RecordsDocumentCheck();
            foreach (var chunk in bytes.Chunk(size))
            {
                check.Append(chunk);
            }

            check.Complete();
        }
    }

    [Fact]
    public void Token_longer_than_any_chunk_is_carried_until_it_ends()
    {
        var document = Encoding.UTF8.GetBytes($"[{{\"raw\":\"{new string('x', 300_000)}\"}}]");
        using var check = new RecordsDocumentCheck();

        foreach (var chunk in document.Chunk(8192))
        {
            check.Append(chunk);
        }

        check.Complete();
    }

    [Fact]
    public void Records_nested_deeper_than_the_default_64_levels_pass()
    {
        using var check = new RecordsDocumentCheck();

        check.Append(Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)));
        check.Complete();
    }

    [Theory]
    [InlineData("{\"result\":[]}", "is a JSON object, not an array of records")]
    [InlineData("\"records\"", "is a JSON string, not an array of records")]
    [InlineData("", "is not a JSON array of records")]
    [InlineData("<html>", "is not a JSON array of records")]
    [InlineData("[{\"a\":1},", "is not valid JSON (at byte 8)")]
    [InlineData("[1] [2]", "is not valid JSON (at byte 4)")]
    public void Anything_else_says_what_it_is(string document, string says)
    {
        var error = Assert.Throws<FormatException>(() =>
        {
            using var check = new RecordsDocumentCheck();
            foreach (var chunk in Encoding.UTF8.GetBytes(document).Chunk(3))
            {
                check.Append(chunk);
            }

            check.Complete();
        });

        Assert.Equal(says, error.Message);
    }
}
