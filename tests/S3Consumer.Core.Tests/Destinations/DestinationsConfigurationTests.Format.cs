using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Tests.Destinations;

/// <summary>Destinations:&lt;name&gt;:Format: message by default, records anywhere, parquet only where batches are written.</summary>
public sealed partial class DestinationsConfigurationTests
{
    [Theory]
    [InlineData(null, ObjectFormat.Message)]
    [InlineData("records", ObjectFormat.Records)]
    [InlineData("Records", ObjectFormat.Records)]
    [InlineData("MESSAGE", ObjectFormat.Message)]
    public void A_destination_writes_messages_unless_its_format_says_rows(string? format, ObjectFormat expected)
    {
        var destination = Examples.Catalog(Valid(format is null ? [] : [("Destinations:crm:Format", format)])).Resolve("crm");

        Assert.Equal(expected, ObjectFormats.Of(destination.Options));
    }

    [Fact]
    public void Parquet_is_taken_on_a_batched_destination()
    {
        var destination = Examples.Catalog(Valid(("Destinations:crm:Format", "parquet"), ("Destinations:crm:Batch:MaxMessages", "1000"))).Resolve("crm");

        Assert.Equal(ObjectFormat.Parquet, ObjectFormats.Of(destination.Options));
    }

    [Fact]
    public void Parquet_on_a_destination_of_one_object_per_message_stops_the_start_with_the_reason()
    {
        Assert.Equal(
            ["Destination 'crm': Format parquet writes many messages' rows into one file, so it needs Batch:MaxMessages above 0; " +
             "set Batch:MaxMessages (e.g. 1000), or use Format records for one NDJSON object per message."],
            Failures(Valid(("Destinations:crm:Format", "parquet"))));
    }

    [Fact]
    public void An_unknown_format_stops_the_start_naming_the_valid_ones()
    {
        Assert.Equal(
            ["Destination 'crm': Format 'csv' is unknown; use one of message, records, parquet."],
            Failures(Valid(("Destinations:crm:Format", "csv"))));
    }
}
