using S3Consumer.Core.Batches;

namespace S3Consumer.Core.Tests.Batches;

public sealed class BatchIdTests
{
    [Fact]
    public void The_same_event_ids_give_the_same_id_in_any_order()
    {
        var id = BatchId.Of(["event-1", "event-2", "event-3"]);

        Assert.Equal(id, BatchId.Of(["event-1", "event-2", "event-3"]));
        Assert.Equal(id, BatchId.Of(["event-3", "event-1", "event-2"]));
        Assert.True(Guid.TryParse(id, out var uuid) && uuid.Version == 5, $"{id} is a version 5 UUID");
    }

    [Theory]
    [InlineData(new[] { "event-1", "event-2" }, new[] { "event-1", "event-3" })]
    [InlineData(new[] { "event-1", "event-2" }, new[] { "event-1", "event-2", "event-2" })]
    [InlineData(new[] { "ab", "c" }, new[] { "a", "bc" })]
    [InlineData(new[] { "event-1" }, new[] { "event-1", "" })]
    public void Different_event_ids_give_different_ids(string[] one, string[] other) =>
        Assert.NotEqual(BatchId.Of(one), BatchId.Of(other));

    [Fact]
    public void A_batch_written_again_after_a_crash_gets_the_same_key()
    {
        var lake = Batched.Lake();
        var first = Batched.Close(lake, Batched.Message(1), Batched.Message(2), Batched.Message(3));
        var again = Batched.Close(lake, Batched.Message(1), Batched.Message(2), Batched.Message(3));

        using var firstObject = first.Write();
        using var againObject = again.Write();

        Assert.Equal(firstObject.Key, againObject.Key);
    }
}
