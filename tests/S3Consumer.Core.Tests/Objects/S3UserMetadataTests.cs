using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Objects;

public sealed class S3UserMetadataTests
{
    [Fact]
    public void Read_example_carries_all_nine_fields()
    {
        var write = Examples.Build(Examples.Read() with { ConnectionId = "conn-1" });

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["projectId"] = "9482e676-4874-43a4-beea-fa8081d13a07",
                ["installationId"] = "085353b1-07f1-4209-b471-7e028c0a68c8",
                ["connectionId"] = "conn-1",
                ["destinationId"] = "lake",
                ["operationId"] = "0199e0a8-149d-7ee9-9f50-0514403517f9",
                ["objectName"] = "contacts",
                ["event-id"] = Examples.ReadEventId,
                ["timestamp"] = "2025-10-14T02:58:59.323405308Z",
                ["topic"] = "s3consumer-read",
            },
            write.Metadata.ToDictionary());
    }

    [Fact]
    public void Fields_without_a_value_are_left_out()
    {
        var write = Examples.Build(Examples.Subscribe());

        Assert.Equal(
            ["projectId", "installationId", "destinationId", "objectName", "event-id", "timestamp", "topic"],
            write.Metadata.Select(field => field.Key));
    }

    [Theory]
    [InlineData("Société", "=?UTF-8?B?U29jacOpdMOp?=")]
    [InlineData("tab\there", "=?UTF-8?B?dGFiCWhlcmU=?=")]
    [InlineData("plain-ascii 1", "plain-ascii 1")]
    public void Values_S3_cannot_carry_as_they_are_are_rfc2047_encoded(string value, string expected)
    {
        var metadata = new ObjectMetadata { DestinationId = "d", EventId = "e", Timestamp = "t", Topic = "q", ObjectName = value };

        Assert.Equal(expected, S3UserMetadata.Encode(metadata, "lake").Single(field => field.Key == "objectName").Value);
    }

    [Fact]
    public void Metadata_over_the_2KB_limit_fails_naming_the_largest_field()
    {
        var message = Examples.Read() with { ConnectionId = new string('c', 2000) };

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message));

        Assert.Equal(UndeliverableReason.MetadataTooLarge, error.Reason);
        Assert.StartsWith("Metadata too large: Destination 'lake': the object's metadata takes 2,2", error.Message, StringComparison.Ordinal);
        Assert.Contains("over S3's 2,048-byte limit (largest: connectionId)", error.Message, StringComparison.Ordinal);
    }
}
