using System.Text;
using System.Text.Json.Nodes;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Batches;

public sealed class BatchObjectTests
{
    [Theory]
    [InlineData("none", null)]
    [InlineData("gzip", "gzip")]
    [InlineData("zstd", "zstd")]
    public void Lines_are_the_single_object_bodies_byte_for_byte_after_decompressing(string compression, string? contentEncoding)
    {
        var read = ActionMessageReader.Read(Examples.Read()).Payload.ToArray();
        var subscribe = ActionMessageReader.Read(Examples.Subscribe()).Payload.ToArray();
        var batch = Close([Batched.Message(read, Batched.Metadata(1)), Batched.Message(subscribe, Batched.Metadata(2))], ("Batch:Compression", compression));

        using var batchObject = batch.Write();

        // The examples are pretty-printed: their line breaks (whitespace between tokens) become spaces, nothing else changes.
        Assert.Equal([OneLine(Batched.SingleObjectBody(read)), OneLine(Batched.SingleObjectBody(subscribe))], Batched.Lines(batchObject));
        Assert.Equal((contentEncoding, "application/x-ndjson"), (batchObject.ContentEncoding, batchObject.ContentType));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void Compressed_body_is_smaller_and_reads_the_same_on_every_attempt(string compression)
    {
        var batch = Close([.. Enumerable.Range(1, 200).Select(number => Batched.Message(number))], ("Batch:Compression", compression));

        using var batchObject = batch.Write();

        Assert.True(batchObject.Length < batch.UncompressedBytes / 4, $"{batchObject.Length:N0} compressed bytes of {batch.UncompressedBytes:N0}");
        Assert.Equal(Batched.ReadAll(batchObject.OpenRead()), Batched.ReadAll(batchObject.OpenRead()));
    }

    [Fact]
    public void A_body_over_several_pooled_segments_reads_back_whole()
    {
        var data = $"{{\"text\":\"{new string('x', 1000)}\"}}";
        var batch = Close([.. Enumerable.Range(1, 400).Select(number => Batched.Message(number, data))], ("Batch:Compression", "none"));

        using var batchObject = batch.Write();

        Assert.True(batchObject.Length > 3 * 16 * 1024, $"{batchObject.Length:N0} bytes span several 16 KiB segments");
        Assert.Equal(batch.UncompressedBytes, batchObject.Length);
        Assert.All(Batched.Lines(batchObject), line => Assert.Equal(Batched.SingleObjectBody(Encoding.UTF8.GetBytes(data)), line));
    }

    [Fact]
    public void A_pretty_printed_payload_becomes_one_line_with_every_value_kept()
    {
        var data = "{\r\n  \"action\": \"read\",\n  \"note\": \"two\\nlines\"\n}";

        using var batchObject = Close([Batched.Message(1, data), Batched.Message(2)]).Write();

        var lines = Batched.Lines(batchObject);
        Assert.Equal(2, lines.Count);
        Assert.Equal("{\"data\":{    \"action\": \"read\",   \"note\": \"two\\nlines\" }}", Encoding.UTF8.GetString(lines[0]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($"{{\"data\":{data}}}"), JsonNode.Parse(lines[0])));
    }

    [Theory]
    [InlineData("none", ".ndjson")]
    [InlineData("gzip", ".ndjson.gz")]
    [InlineData("zstd", ".ndjson.zst")]
    public void Default_key_is_the_earliest_event_time_and_the_batch_id_with_the_compression_suffix(string compression, string suffix)
    {
        var batch = Close([Batched.Message(8), Batched.Message(7)], ("Batch:Compression", compression));

        using var batchObject = batch.Write();

        Assert.Equal($"2025-10-14T02:58:07.323405308Z_{batch.Id}{suffix}", batchObject.Key);
    }

    [Fact]
    public void Key_template_sees_the_batch_alone_its_partition_its_earliest_time_its_count_and_ids()
    {
        var template = "join('/', [batch.partition, batch.time.date, batch.time.second, batch.count, batch.first_event_id, batch.last_event_id, batch.id])";

        var batch = Close(
            [Batched.Message(2), Batched.Message(1), Batched.Message(3)],
            ("ObjectKeyTemplate", template), ("Batch:PartitionBy", "join('/', ['object', metadata.objectName])"));
        using var batchObject = batch.Write();

        Assert.Equal($"object/contacts/2025-10-14/01/3/event-0002/event-0003/{batch.Id}", batchObject.Key);
    }

    [Fact]
    public void Metadata_names_the_batch_and_keeps_only_the_fields_every_message_shares()
    {
        // Metadata(n) gives connection-{n % 2}, event-{n} and its own timestamp; the rest are the same for all.
        using var batchObject = Close([Batched.Message(1), Batched.Message(2), Batched.Message(3)]).Write();

        Assert.Equal(
            [("destinationId", "lake"), ("batch-count", "3"), ("batch-first-event-id", "event-0001"), ("batch-last-event-id", "event-0003"),
             ("batch-first-timestamp", "2025-10-14T02:58:01.323405308Z"), ("batch-last-timestamp", "2025-10-14T02:58:03.323405308Z"),
             ("projectId", "project-1"), ("installationId", "installation-1"), ("operationId", "operation-1"), ("objectName", "contacts"),
             ("topic", "s3consumer-read")],
            batchObject.Metadata.Select(field => (field.Key, field.Value)));
    }

    [Fact]
    public void Metadata_of_messages_that_share_a_connection_keeps_it_and_is_encoded_as_single_objects_are()
    {
        var metadata = Batched.Metadata(1) with { ObjectName = "Kontakte-Übersicht" };

        using var batchObject = Close([Batched.Message(1, metadata: metadata), Batched.Message(3, metadata: metadata with { EventId = "event-0003" })]).Write();

        var fields = batchObject.Metadata.ToDictionary();
        Assert.Equal("connection-1", fields["connectionId"]);
        Assert.Equal(S3UserMetadata.Encode(metadata, "lake").Single(field => field.Key == "objectName").Value, fields["objectName"]);
        Assert.StartsWith("=?UTF-8?B?", fields["objectName"], StringComparison.Ordinal);
        Assert.False(fields.ContainsKey("event-id"));
    }

    [Fact]
    public void A_batch_of_one_carries_every_field_of_its_single_object()
    {
        using var batchObject = Close([Batched.Message(1)]).Write();

        var fields = batchObject.Metadata.ToDictionary();
        Assert.All(Batched.Metadata(1).Fields(), field => Assert.Equal(field.Value, fields[field.Key]));
    }

    [Fact]
    public void Disposing_returns_the_buffers_and_the_body_is_gone()
    {
        var batchObject = Close([Batched.Message(1)]).Write();
        Assert.True(batchObject.Length > 0);

        batchObject.Dispose();

        Assert.Empty(Batched.ReadAll(batchObject.OpenRead()));
        Assert.Equal(0, batchObject.Length);
    }

    private static byte[] OneLine(byte[] body) => [.. body.Select(value => value is (byte)'\n' or (byte)'\r' ? (byte)' ' : value)];

    private static MessageBatch Close(BatchMessage[] messages, params (string Key, string Value)[] settings) =>
        Batched.Close(Batched.Lake(settings), messages);
}
