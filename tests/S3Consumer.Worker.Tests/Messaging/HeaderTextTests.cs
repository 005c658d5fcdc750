using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Messaging;

public sealed class HeaderTextTests
{
    public static TheoryData<object?, string?> Values => new()
    {
        { Encoding.UTF8.GetBytes("conn-é"), "conn-é" },
        { "text", "text" },
        { (sbyte)-7, "-7" },
        { (byte)7, "7" },
        { (short)-300, "-300" },
        { (ushort)300, "300" },
        { 123456, "123456" },
        { 4_000_000_000u, "4000000000" },
        { 9_007_199_254_740_993L, "9007199254740993" },
        { ulong.MaxValue, "18446744073709551615" },
        { 1.5f, "1.5" },
        { 0.1, "0.1" },
        { 1e300, "1E+300" },
        { 12.50m, "12.50" },
        { true, "true" },
        { false, "false" },
        { new AmqpTimestamp(1_760_410_739), "2025-10-14T02:58:59Z" },
        { new AmqpTimestamp(1_760_410_739_323), "2025-10-14T02:58:59.323Z" },
        { new BinaryTableValue(Encoding.UTF8.GetBytes("bin")), "bin" },
        { JsonSerializer.SerializeToElement(42), "42" },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Every_amqp_type_reads_as_its_natural_text(object? value, string? text)
    {
        Assert.True(HeaderText.TryRead(value, out var read, out var problem), problem);
        Assert.Equal(text, read);
    }

    [Fact]
    public void Values_without_text_are_refused_saying_what_they_are()
    {
        Assert.False(HeaderText.TryRead(new byte[] { 0xFF, 0xFE }, out _, out var bytes));
        Assert.False(HeaderText.TryRead(new List<object> { 1 }, out _, out var list));
        Assert.False(HeaderText.TryRead(new Dictionary<string, object>(), out _, out var table));
        Assert.False(HeaderText.TryRead(new AmqpTimestamp(long.MaxValue), out _, out var time));

        Assert.Equal(
            (IEnumerable<string?>)["bytes that are not UTF-8 text, not text: send it as a string", "a table or a list, not text: send it as a string", "a table or a list, not text: send it as a string",
                $"the timestamp {long.MaxValue}, no time between the years 1 and 9999: send seconds or milliseconds since 1970"],
            [bytes, list, table, time]);
    }
}
