using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("S3Consumer.Worker.Tests.Services.LongestCollectionsFirst", "S3Consumer.Worker.Tests")]

// Collections wait for a free slot in this order; the three long ones take three slots at once, the fourth runs the
// short collections one after another, and more of them as the cluster's and the TLS node's end.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Starts the <see cref="RealServices"/> collection first, then the cluster's and the TLS node's, so that the run takes as
/// long as its longest collection rather than their sum; the others follow in the order they are given.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest = [RealServices.Name, OnRabbitMqCluster.Name, TlsBrokerTestGroup.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        ArgumentNullException.ThrowIfNull(testCollections);
        return testCollections.OrderBy(collection => Array.IndexOf(Longest, collection.DisplayName) is var rank and >= 0 ? rank : Longest.Length);
    }
}
