using System.Globalization;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Keys;

public sealed class ObjectKeyTemplateTests
{
    private const string ByObjectName = "join('/', [metadata.objectName, metadata.operationId])";
    private const string ByDate = "join('/', [metadata.objectName, time.date, metadata.\"event-id\"])";
    private const string WithExtension = "join('', [time.rfc3339_nano, '_', metadata.\"event-id\", '.json'])";
    private const string FromPayload = "join('/', [data.installationId, metadata.operationId])";

    [Theory]
    [InlineData(ByObjectName, "contacts/0199e0a8-149d-7ee9-9f50-0514403517f9")]
    [InlineData(ByDate, "contacts/2025-10-14/0199e0a8-149d-7ee9-9f50-0514403517f9")]
    [InlineData(WithExtension, "2025-10-14T02:58:59.323405308Z_0199e0a8-149d-7ee9-9f50-0514403517f9.json")]
    [InlineData(FromPayload, "085353b1-07f1-4209-b471-7e028c0a68c8/0199e0a8-149d-7ee9-9f50-0514403517f9")]
    public void Source_examples_render_the_read_message_key(string template, string expected) =>
        Assert.Equal(expected, Examples.Build(Examples.Read(), template).Key);

    [Theory]
    [InlineData(ByDate, "company/2025-04-10/7d9e2f10-5a4b-4c3d-8e2f-1a2b3c4d5e6f")]
    [InlineData(WithExtension, "2025-04-10T23:22:25Z_7d9e2f10-5a4b-4c3d-8e2f-1a2b3c4d5e6f.json")]
    public void Source_examples_render_the_subscribe_message_key(string template, string expected) =>
        Assert.Equal(expected, Examples.Build(Examples.Subscribe(), template).Key);

    [Theory]
    [InlineData(ByObjectName)]
    [InlineData(FromPayload)]
    public void Source_examples_that_join_the_missing_operation_id_fail_clearly_for_the_subscribe_message(string template)
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Subscribe(), template));

        Assert.Equal(UndeliverableReason.InvalidObjectKey, error.Reason);
        Assert.Contains("Destination 'lake'", error.Message, StringComparison.Ordinal);
        Assert.Contains(template, error.Message, StringComparison.Ordinal);
        Assert.Contains("join expects an array of string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_template_gives_the_timestamp_and_event_id()
    {
        Assert.Equal(
            "2025-10-14T02:58:59.323405308Z_0199e0a8-149d-7ee9-9f50-0514403517f9.json",
            Examples.Build(Examples.Read()).Key);
    }

    [Fact]
    public void Field_names_are_case_sensitive_and_a_miscased_one_fails_naming_the_field_of_the_right_case()
    {
        const string template = "metadata.operationid";

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Read(), template));

        Assert.Equal(UndeliverableReason.InvalidObjectKey, error.Reason);
        Assert.Equal(
            "Object key: Destination 'lake': object key template metadata.operationid produced null: metadata.operationid is null " +
            "(did you mean metadata.operationId? names are case-sensitive); a key must be a non-empty string of at most " +
            "1,024 UTF-8 bytes. Fix the template or the message.",
            error.Message);
    }

    [Fact]
    public void A_miscased_field_in_join_names_the_field_of_the_right_case_beside_jmespaths_complaint()
    {
        const string template = "join('/', [metadata.objectname])";

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Read(), template));

        Assert.Equal(
            "Object key: Destination 'lake': object key template join('/', [metadata.objectname]) failed: Error: invalid-type, function join " +
            "expects an array of string: metadata.objectname is null (did you mean metadata.objectName? names are case-sensitive). " +
            "Fix the template or the message.",
            error.Message);
    }

    [Theory]
    [InlineData("join('/', [metadata.objectName, metadata.operationId])",
        "metadata.operationId is null: this message has none (Ampersand sends operationId with read messages only, not with subscribe messages)")]
    [InlineData("join('/', [Metadata.objectName, metadata.\"event-id\"])", "Metadata is null (did you mean metadata? names are case-sensitive)")]
    [InlineData("join('/', [time.Date, metadata.\"event-id\"])", "time.Date is null (did you mean time.date? names are case-sensitive)")]
    [InlineData("join('/', [time.iso, metadata.\"event-id\"])", "time.iso is null: time has no such field")]
    [InlineData("join('/', [data.ObjectName, data.result[0].fields.id])", "data.ObjectName is null (did you mean data.objectName? names are case-sensitive)")]
    [InlineData("join('/', [data.nothing, metadata.objectname])",
        "data.nothing is null: the message has no such field; metadata.objectname is null (did you mean metadata.objectName? names are case-sensitive)")]
    [InlineData("join('-', [metadata.event, 'x'])", "metadata.event is null (did you mean metadata.\"event-id\"? hyphenated names need quotes)")]
    public void Each_field_that_is_null_is_named_with_the_one_meant_where_there_is_one(string template, string named)
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Subscribe(), template));

        Assert.Contains($": {named}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a field it reads is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ObjectKeyTemplate.DefaultText, "metadata", "event-id", true)]
    [InlineData("join('/', [metadata.objectName, metadata.operationId])", "metadata", "operationId", true)]
    [InlineData("join('/', [metadata.objectName, metadata.operationId])", "metadata", "event-id", false)]
    [InlineData("metadata.\"event-id\" || metadata.operationId", "metadata", "event-id", true)]
    [InlineData("join('/', [data.result[0].fields.id, to_string(metadata.\"event-id\")])", "metadata", "event-id", true)]
    [InlineData("join('/', [data.metadata.operationId])", "metadata", "operationId", false)]
    [InlineData("'metadata.operationId'", "metadata", "operationId", false)]
    public void Knows_from_its_syntax_tree_which_fields_a_template_reads(string template, string space, string name, bool reads) =>
        Assert.Equal(reads, ObjectKeyTemplate.Parse(template).ReadsField(space, name));

    [Theory]
    [InlineData("join('/', [metadata.objectName, batch.id])", "failed: Error: invalid-type, function join expects an array of string (it reads batch, ")]
    [InlineData("batch.id", "produced null: a field it reads is missing (names are case-sensitive, and hyphenated ones need quotes) (it reads batch, ")]
    public void A_template_that_reads_batch_says_so_where_a_message_is_written_alone(string template, string problem)
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Read(), template));

        Assert.Contains(
            $"object key template {template} {problem}which only a destination with Batch:MaxMessages above 0 has)",
            error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_that_reads_batch_but_allows_for_its_absence_gives_a_key_where_a_message_is_written_alone() =>
        Assert.Equal("contacts/single", Examples.Build(Examples.Read(), "join('/', [metadata.objectName, batch.id || 'single'])").Key);

    [Fact]
    public void Quoted_hyphenated_field_is_read()
    {
        Assert.Equal(Examples.ReadEventId, Examples.Build(Examples.Read(), "metadata.\"event-id\"").Key);
    }

    [Theory]
    [InlineData("length(data.result)", "produced 1, of type number, not a string")]
    [InlineData("data.noSuchField", "produced null")]
    [InlineData("''", "produced an empty string")]
    [InlineData("`true`", "produced true, of type boolean, not a string")]
    [InlineData("data.result", ", of type array, not a string")]
    public void Template_that_yields_no_string_key_fails_with_what_it_produced(string template, string produced)
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Read(), template));

        Assert.Equal(UndeliverableReason.InvalidObjectKey, error.Reason);
        Assert.Contains(produced, error.Message, StringComparison.Ordinal);
        Assert.Contains(template, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_over_1024_utf8_bytes_fails_and_one_at_the_limit_passes()
    {
        var atLimit = new string('é', 512);
        Assert.Equal(atLimit, Examples.Build(Examples.Read(), $"'{atLimit}'").Key);

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Read(), $"'{atLimit}a'"));
        Assert.Contains("produced a key of 1,025 UTF-8 bytes starting 'ééé", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unparsable_template_is_refused_with_the_parser_complaint()
    {
        var error = Assert.Throws<FormatException>(() => ObjectKeyTemplate.Parse("join('/', [metadata.objectName"));

        Assert.Equal("Error(1, 29): syntax, near ''.", error.Message);
    }

    [Theory]
    [InlineData(ObjectKeyTemplate.DefaultText, false)]
    [InlineData(ByDate, false)]
    [InlineData(FromPayload, true)]
    [InlineData("join('/', [\"data\".objectName, metadata.operationId])", true)]
    [InlineData("values(@)[0]", true)]
    public void Knows_whether_a_template_reads_the_payload(string template, bool readsData) =>
        Assert.Equal(readsData, ObjectKeyTemplate.Parse(template).ReadsData);

    [Theory]
    [InlineData(ObjectKeyTemplate.DefaultText, "2025-10-14T02:58:59.323405308Z_event-{0}.json")]
    [InlineData("let $id = metadata.\"event-id\" in join('/', [metadata.objectName, $id, data.objectName])", "contacts/event-{0}/contacts")]
    public void Ten_thousand_keys_rendered_concurrently_from_one_cached_template_are_each_right(string template, string expected)
    {
        var lake = Examples.Lake(template).Resolve("lake");
        var messages = Enumerable.Range(0, 10_000).Select(i => Examples.Read() with { EventIdHeader = $"event-{i}" }).ToArray();

        var rendered = new string[messages.Length];
        Parallel.For(0, messages.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            i => rendered[i] = ObjectWriteBuilder.Build(messages[i], ActionMessageReader.Read(messages[i]), lake).Key);

        Assert.Equal(messages.Select((_, i) => string.Format(CultureInfo.InvariantCulture, expected, i)), rendered);
    }

    [Fact]
    public void A_template_that_yields_the_whole_payload_is_refused_quoting_only_its_start()
    {
        var message = Examples.Raw($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"2025-10-14T02:58:59Z\", \"secret\": \"{new string('s', 50_000)}\"}}}}");

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message, "data"));

        Assert.StartsWith("Object key: Destination 'lake': object key template data produced {\"action\":\"read\"", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 500, error.Message);
    }
}
