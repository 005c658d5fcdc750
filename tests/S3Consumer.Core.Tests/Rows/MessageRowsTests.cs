using System.Text;
using System.Text.Json;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Tests.Rows;

/// <summary>A message's rows: one per record of result, each with its message's columns; none for a message without records.</summary>
public sealed class MessageRowsTests
{
    [Fact]
    public void The_source_documents_read_example_is_one_row_with_its_messages_columns()
    {
        var rows = Rowed.Of(Examples.ReadBody, eventId: Examples.ReadEventId);

        var row = Row(Assert.Single(Rowed.Lines(Rowed.Ndjson([rows]))));
        Assert.Equal(RowColumns.All.Select(column => column.Name), row.EnumerateObject().Select(property => property.Name));
        string?[] expected =
            [Examples.ReadEventId, "2025-10-14T02:58:59.323405308Z", "read", "9482e676-4874-43a4-beea-fa8081d13a07", "hubspot", "group-id-1",
             "group-name-1", "user-id", "user-name", "085353b1-07f1-4209-b471-7e028c0a68c8", "2025-10-14T02:58:55.595861Z", "contacts", null,
             "0199e0a8-149d-7ee9-9f50-0514403517f9", "2025-10-14T02:58:59.323405308Z", null, null, "lake", "s3consumer-read"];
        Assert.Equal(expected, RowColumns.All.Take(RowColumns.MessageCount).Select(column => Text(row, column.Name)).ToList());
        Assert.Equal(0, row.GetProperty("record_index").GetInt32());
        Assert.Equal("438", Text(row, "record_id"));
        Assert.Equal("Brisbane", row.GetProperty("fields").GetProperty("city").GetString());
        Assert.Equal("2023-10-26T17:55:48.301Z", row.GetProperty("raw").GetProperty("createdAt").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("subscribe_event_type").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("raw_event").ValueKind);
    }

    [Fact]
    public void A_subscribe_record_carries_its_event_types_and_raw_event()
    {
        var row = Row(Assert.Single(Rowed.Lines(Rowed.Ndjson([Rowed.Of(Examples.SubscribeBody, "subscribe")]))));

        Assert.Equal(("subscribe", "001Dp00000ZDgmxIAD", "update", "UPDATE"),
            (Text(row, "action"), Text(row, "record_id"), Text(row, "subscribe_event_type"), Text(row, "provider_event_type")));
        Assert.Equal("UPDATE", row.GetProperty("raw_event").GetProperty("ChangeEventHeader").GetProperty("changeType").GetString());
    }

    [Theory]
    [InlineData("\"result\":[]")]
    [InlineData("\"result\":null")]
    [InlineData("\"resultInfo\":{\"type\":\"inline\",\"numRecords\":0}")]
    public void A_message_without_records_gives_no_row(string result)
    {
        var rows = Rowed.Of($"{{\"data\":{{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",{result}}}}}");

        Assert.Equal(0, rows.Count);
        Assert.Empty(Rowed.Ndjson([rows]));
    }

    [Theory]
    [InlineData("{\"subscribeEventType\":\"delete\",\"id\":\"001\"}", "001")]
    [InlineData("{\"subscribeEventType\":\"delete\",\"ID\":\"001\",\"fields\":null}", "001")]
    [InlineData("{\"fields\":{\"id\":438},\"id\":\"other\"}", "438")]
    [InlineData("{\"fields\":{\"id\":null,\"name\":\"x\"},\"id\":7}", "7")]
    [InlineData("{\"fields\":{\"Id\":\"not the id\"}}", null)]
    [InlineData("{\"fields\":{\"id\":\"caf\\u00e9 \\\"1\\\"\"}}", "café \"1\"")]
    public void A_records_id_is_its_fields_id_else_its_own_as_text(string record, string? id)
    {
        var rows = Rowed.Of($"{{\"action\":\"subscribe\",\"objectName\":\"contact\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"result\":[{record}]}}", "subscribe");

        Assert.Equal(id, Text(Row(Assert.Single(Rowed.Lines(Rowed.Ndjson([rows])))), "record_id"));
        Assert.Equal("$.result", rows.RecordsPath);
    }

    [Fact]
    public void Json_columns_keep_the_bytes_sent_on_one_line()
    {
        const string Fields = "{\r\n  \"n\": 1e400,\n  \"big\": 12345678901234567890123, \"neg\": -0, \"s\": \"caf\\u00e9 \u65e5\\n\" }";
        var rows = Rowed.Of($"{{\"data\":{{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"result\":[\n  {{ \"fields\" : {Fields} }}\n]}}}}");

        var line = Assert.Single(Rowed.Lines(Rowed.Ndjson([rows])));
        Assert.Contains(",\"fields\":" + Fields.Replace('\r', ' ').Replace('\n', ' ') + ",", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_that_gives_a_column_twice_is_refused_naming_it()
    {
        var error = Assert.Throws<UndeliverableMessageException>(() =>
            Rowed.Of("{\"data\":{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"result\":[{},{\"raw\":1,\"Raw\":2}]}}"));

        Assert.Equal(UndeliverableReason.AmbiguousMessage, error.Reason);
        Assert.Equal("Ambiguous message: $.data.result[1] gives 'raw' twice, so its row could hold either: send it once.", error.Message);
    }

    [Fact]
    public void Records_streamed_from_a_download_are_the_rows_they_would_be_inline()
    {
        var big = new string('x', 200_000);
        var records = $"[{{\"fields\":{{\"id\":\"1\",\"big\":\"{big}\"}}}} ,\n {{\"raw\":[1e400]}}, {{\"fields\":{{\"id\":3}}}}]";
        var inline = Rowed.Of($"{{\"data\":{{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"result\":{records}}}}}");
        var message = Rowed.Of("{\"data\":{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"resultInfo\":{\"type\":\"url\"}}}");

        using var streamed = new MemoryStream();
        using (var reader = RecordReader.Over(new TrickleStream(Encoding.UTF8.GetBytes(records)), "the downloaded result"))
        {
            new NdjsonRowsWriter(streamed).Write(message.Columns, reader);
            Assert.Equal(3, reader.Count);
        }

        Assert.Equal(Rowed.Ndjson([inline]), streamed.ToArray());
    }

    [Theory]
    [InlineData("[{},7]", "Wrong type: the downloaded result[1] is not a JSON object; each record is an object such as {\"fields\": {...}}.")]
    [InlineData("[{}", "Invalid JSON: the downloaded result ends before its list of records is closed.")]
    [InlineData("[{},]", "Invalid JSON: the downloaded result is not JSON after record 1.")]
    public void Downloaded_records_that_are_no_rows_are_refused_saying_where(string records, string reason)
    {
        var message = Rowed.Of("{\"data\":{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\"}}");
        using var reader = RecordReader.Over(new TrickleStream(Encoding.UTF8.GetBytes(records)), "the downloaded result");

        var error = Assert.Throws<UndeliverableMessageException>(() => new NdjsonRowsWriter(Stream.Null).Write(message.Columns, reader));

        Assert.Equal(reason, error.Message);
    }

    private static JsonElement Row(string line) => JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 1024 }).RootElement;

    private static string? Text(JsonElement row, string column) => row.GetProperty(column) switch
    {
        { ValueKind: JsonValueKind.Null } => null,
        var value => value.GetString(),
    };

    /// <summary>A stream that gives a few bytes at a time, as a slow download is read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        private int next;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1 + (next++ % 7)));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1 + (next++ % 7))]);
    }
}
