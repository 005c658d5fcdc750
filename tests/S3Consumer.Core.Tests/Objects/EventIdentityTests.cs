using System.Text;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Objects;

public sealed class EventIdentityTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"data\":{}}");

    [Fact]
    public void Event_id_header_comes_first() => Assert.Equal("evt", EventIdentity.Resolve("evt", "msg", Body));

    [Fact]
    public void Message_id_comes_next() => Assert.Equal("msg", EventIdentity.Resolve(null, "msg", Body));

    [Fact]
    public void Without_either_the_id_is_a_version_5_uuid_of_the_body()
    {
        var id = Guid.Parse(EventIdentity.Resolve(" ", null, Body));

        Assert.Equal(5, id.Version);
        Assert.Equal(id, EventIdentity.FromBody(Encoding.UTF8.GetBytes("{\"data\":{}}")));
        Assert.NotEqual(id, EventIdentity.FromBody(Encoding.UTF8.GetBytes("{\"data\":{} }")));
    }
}
