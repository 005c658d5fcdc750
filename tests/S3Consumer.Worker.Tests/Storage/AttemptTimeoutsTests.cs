using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

public sealed class AttemptTimeoutsTests
{
    [Theory]
    [InlineData(0L, 60.0)]
    [InlineData(1024L, 60.0009765625)]
    [InlineData(100L * 1024 * 1024, 160.0)] // a 100 MiB message
    [InlineData(5L * 1024 * 1024 * 1024, 5180.0)] // the largest batch
    public void An_attempt_is_given_the_timeout_and_a_second_for_each_MiB(long bodyLength, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AttemptTimeouts.For(TimeSpan.FromSeconds(60), bodyLength));

    [Fact]
    public void No_attempt_is_given_more_than_Polly_allows() =>
        Assert.Equal(TimeSpan.FromDays(1), AttemptTimeouts.For(TimeSpan.FromHours(23), 2L * 1024 * 1024 * 1024 * 1024));
}
