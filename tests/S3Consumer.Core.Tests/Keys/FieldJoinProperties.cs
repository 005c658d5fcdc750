using CsCheck;
using NodaTime;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Keys;

/// <summary>A template that joins metadata and time fields renders, without JmesPath, exactly the key JmesPath renders.</summary>
public sealed class FieldJoinProperties
{
    private static readonly string[] MetadataNames =
        ["projectId", "installationId", "connectionId", "destinationId", "operationId", "objectName", "event-id", "timestamp", "topic"];

    private static readonly string[] TimeNames =
        ["year", "month", "day", "hour", "minute", "second", "date", "datetime", "rfc3339", "rfc3339_nano", "unix"];

    // Values as messages carry them: absent, empty, ASCII ids, and any text (non-ASCII, quotes, control characters).
    private static readonly Gen<string?> Value = Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)""), Gen.String.AlphaNumeric.Null(), Gen.String.Null());

    private static readonly Gen<ObjectMetadata> Metadata = Gen.Select(Value.Array[6], Gen.String[Gen.Char.AlphaNumeric, 1, 40], Gen.String[1, 40], (values, eventId, topic) =>
        new ObjectMetadata
        {
            ProjectId = values[0], InstallationId = values[1], ConnectionId = values[2], OperationId = values[3], ObjectName = values[4],
            DestinationId = values[5] ?? "lake", EventId = eventId, Timestamp = "2025-10-14T02:58:59.323405308Z", Topic = topic,
        });

    // From the year 1 to 9999, to the nanosecond.
    private static readonly Gen<EventTime> Time = Gen.Long[-62_135_596_800, 253_402_300_798].Select(Gen.Int[0, 999_999_999],
        (seconds, nanoseconds) => new EventTime(Instant.FromUnixTimeSeconds(seconds).PlusNanoseconds(nanoseconds)));

    // Items of a join: text (raw and JSON literals, escapes included), metadata fields (known and unknown) and time fields.
    private static readonly Gen<string> Item = Gen.OneOf(
        Gen.Int[0, MetadataNames.Length - 1].Select(index => $"metadata.\"{MetadataNames[index]}\""),
        Gen.Int[0, TimeNames.Length - 1].Select(index => $"time.{TimeNames[index]}"),
        Gen.Const("metadata.noSuchField"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 8].Select(text => $"'{text}'"),
        Gen.Const("'\\''"),
        Gen.Const("`\"/\"`"),
        Gen.Const("'é/😀'"));

    // At least one item: JMESPath reads join(g, []) as a join of the whole document flattened, no join of fields.
    private static readonly Gen<string> Template = Gen.Select(Gen.OneOf(Gen.Const("''"), Gen.Const("'/'"), Gen.Const("`\"_\"`"), Gen.Const("'--'")), Item.Array[1, 6],
        (glue, items) => $"join({glue}, [{string.Join(", ", items)}])");

    [Fact]
    public void Joined_fields_render_the_key_or_the_failure_jmespath_renders()
    {
        Gen.Select(Template, Metadata, Time).Sample((text, metadata, time) =>
        {
            var template = ObjectKeyTemplate.Parse(text);

            Assert.Equal(Outcome(() => template.Render(KeyContext.Create(metadata, time, null), "lake")), Outcome(() => template.Render(metadata, time, default, "lake")));
        }, iter: 2000);
    }

    [Theory]
    [InlineData(ObjectKeyTemplate.DefaultText, true)]
    [InlineData("join('/', [metadata.objectName, time.date, metadata.\"event-id\"])", true)]
    [InlineData("join('/', [metadata.objectName, data.id])", false)]
    [InlineData("join('/', [metadata.objectName, to_string(time.unix)])", false)]
    [InlineData("join('/', [metadata.a.b])", false)]
    [InlineData("join(metadata.objectName, [metadata.objectName])", false)]
    [InlineData("metadata.objectName", false)]
    public void Only_a_join_of_text_and_metadata_and_time_fields_is_rendered_without_jmespath(string text, bool joinsFields) =>
        Assert.Equal(joinsFields, FieldJoin.Of(new DevLab.JmesPath.JmesPath().Parse(text)) is not null);

    [Fact]
    public void A_joined_key_over_the_size_limit_fails_as_jmespath_s_does()
    {
        var template = ObjectKeyTemplate.Parse("join('', [metadata.objectName, metadata.objectName])");
        var metadata = new ObjectMetadata { DestinationId = "lake", EventId = "e", Timestamp = "t", Topic = "t", ObjectName = new string('é', 300) };
        var time = new EventTime(Instant.FromUnixTimeSeconds(0));

        var error = Outcome(() => template.Render(metadata, time, default, "lake"));

        Assert.Equal(Outcome(() => template.Render(KeyContext.Create(metadata, time, null), "lake")), error);
        Assert.Contains("a key of 1,200 UTF-8 bytes", error, StringComparison.Ordinal);
    }

    private static string Outcome(Func<string> render)
    {
        try
        {
            return $"key {render()}";
        }
        catch (UndeliverableMessageException error)
        {
            return $"{error.Reason}: {error.Message}";
        }
    }
}
