using System.Text;
using S3Consumer.Core.Messages;

namespace S3Consumer.Core.Tests.Messages;

/// <summary>A message's action found as the worker's reader finds it, for a publisher that routes messages the worker may refuse.</summary>
public sealed class ActionOfTests
{
    [Theory]
    [InlineData("""{"data": {"action": "read"}}""", "read")]
    [InlineData("""{"Data": {"ACTION": "subscribe"}}""", "subscribe")]
    [InlineData("""{"action": "subscribe", "objectName": "contacts", "result": []}""", "subscribe")]
    [InlineData("""{"action": "read", "data": {"action": "subscribe"}}""", "subscribe")]
    [InlineData("""{"data": {"result": [{"action": "read"}], "action": "subscribe"}}""", "subscribe")]
    [InlineData("""{"data": {"action": 7}}""", null)]
    [InlineData("""{"data": {"action": "read", "result": [1,]}""", null)]
    [InlineData("""["read"]""", null)]
    [InlineData("", null)]
    public void Is_the_data_objects_action_else_the_top_levels_in_any_case_and_null_for_none(string body, string? action) =>
        Assert.Equal(action, ActionMessageReader.ActionOf(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Agrees_with_the_reader_on_every_example_message()
    {
        foreach (var (body, action) in new[] { (Examples.ReadBody, "read"), (Examples.SubscribeBody, "subscribe") })
        {
            Assert.Equal(action, ActionMessageReader.ActionOf(body));
            Assert.Equal(action, ActionMessageReader.Read(Examples.Raw(body, action)).Fields.Action);
        }
    }

    [Fact]
    public void Skips_a_byte_order_mark_as_the_reader_does() =>
        Assert.Equal("read", ActionMessageReader.ActionOf([0xEF, 0xBB, 0xBF, .. """{"data": {"action": "read"}}"""u8]));
}
