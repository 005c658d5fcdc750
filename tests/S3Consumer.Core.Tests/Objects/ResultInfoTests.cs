using System.Text;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Objects;

public sealed class ResultInfoTests
{
    [Theory]
    [InlineData("""{"action":"read","resultInfo":{"type":"url","downloadUrl":"https://h/p?X-Sig=abc\u0026e=1","numRecords":3}}""", "url", "https://h/p?X-Sig=abc&e=1")]
    [InlineData("""{"resultInfo":{"numRecords":1,"type":"inline"},"result":[{"fields":{}}]}""", "inline", null)]
    [InlineData("""{"result":[{"resultInfo":{"type":"url"}}],"resultInfo":{"type":7,"downloadUrl":null}}""", null, null)]
    public void Reads_the_type_and_url_of_the_top_level_resultInfo(string data, string? type, string? url)
    {
        var info = ResultInfo.Read(Encoding.UTF8.GetBytes(data));

        Assert.Equal((type, url), (info?.Type, info?.DownloadUrl));
        Assert.Equal(type == "url", info?.IsUrl);
    }

    [Theory]
    [InlineData("""{"action":"read","result":[]}""")]
    [InlineData("""{"resultInfo":"url"}""")]
    [InlineData("""{"nested":{"resultInfo":{"type":"url"}}}""")]
    [InlineData("[]")]
    public void A_payload_without_a_resultInfo_object_has_none(string data)
    {
        Assert.Null(ResultInfo.Read(Encoding.UTF8.GetBytes(data)));
    }

    [Fact]
    public void Printing_it_never_shows_the_signed_url()
    {
        var info = new ResultInfo("url", "https://h/p?X-Amz-Signature=SENTINEL");

        Assert.DoesNotContain("SENTINEL", info.ToString(), StringComparison.Ordinal);
    }
}
