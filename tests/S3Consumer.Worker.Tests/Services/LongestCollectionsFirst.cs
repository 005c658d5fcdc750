using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("S3Consumer.Worker.Tests.Services.LongestCollectionsFirst", "S3Consumer.Worker.Tests")]

// Collections wait for a free slot in this order; the four long ones take four slots at once, the fifth runs the
// short collections one after another, and more of them as the TLS node's and the cluster's end.
[assembly: CollectionBehavior(MaxParallelThreads = 5)]

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Starts the two lanes of tests on the test broker and S3 server first, then the cluster's and the TLS node's, so that
/// the run takes as long as its longest collection rather than their sum; the others follow in the order they are given.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest = [RealServices.Name, RealServicesSecondLane.Name, OnRabbitMqCluster.Name, TlsBrokerTestGroup.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        ArgumentNullException.ThrowIfNull(testCollections);
        return testCollections.OrderBy(collection => Array.IndexOf(Longest, collection.DisplayName) is var rank and >= 0 ? rank : Longest.Length);
    }
}
