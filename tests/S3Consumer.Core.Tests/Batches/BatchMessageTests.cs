using S3Consumer.Core.Batches;

namespace S3Consumer.Core.Tests.Batches;

public sealed class BatchMessageTests
{
    [Fact]
    public void A_message_of_the_destinations_own_Id_is_written_as_it_is()
    {
        var message = Batched.Message(1);

        var lake = Batched.Lake();
        var written = message.WrittenBy(lake);

        Assert.Equal(message.Metadata, written.Metadata);
        Assert.Same(written, written.WrittenBy(lake));
    }

    [Fact]
    public void A_message_resolved_under_an_Id_since_changed_carries_the_new_one_and_nothing_else_changes()
    {
        var message = Batched.Message(1);

        var written = message.WrittenBy(Batched.Lake(("Id", "lake-renamed")));

        Assert.Equal(message.Metadata with { DestinationId = "lake-renamed" }, written.Metadata);
        Assert.Equal((message.Time, message.LineLength), (written.Time, written.LineLength));
        Assert.True(message.Data.Span.SequenceEqual(written.Data.Span));
    }
}
