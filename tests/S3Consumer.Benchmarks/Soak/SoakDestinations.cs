namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// Every destination of a soak, one entry per kind of destination the worker has: a new kind is one more entry (and a
/// <see cref="DestinationLayout"/> that reads what it writes).
/// </summary>
internal static class SoakDestinations
{
    /// <summary>Refused (403) as a whole now and then: its access key id is made wrong, then fixed, by a reload of the configuration file.</summary>
    public const string Refused = "refused";

    /// <summary>
    /// Writes through the fault proxy, which answers every <see cref="SlowDownEvery"/>th PUT with 503 SlowDown and holds every
    /// <see cref="TimeOutEvery"/>th past the workers' <c>S3:AttemptTimeout</c>: throttling and timeouts, retried by the worker;
    /// and refuses the objects of <see cref="TooLarge"/>.
    /// </summary>
    public const string Throttled = "throttled";

    public const int SlowDownEvery = 10;

    public const int TimeOutEvery = 25;

    /// <summary>Where Ampersand's notifications go (<c>Routing:Notifications</c>).</summary>
    public const string Notifications = "lake";

    /// <summary>Not configured: the destination of the unknown-destination poison.</summary>
    public const string Unknown = "nowhere";

    /// <summary>
    /// The object name whose PUTs the fault proxy in front of <see cref="Throttled"/> answers with 400 EntityTooLarge, as
    /// S3 refuses one object (over 5 GB) while it takes the others: the poison of the <c>S3 refused:</c> reason.
    /// </summary>
    public const string TooLarge = "too-large";

    /// <summary>Its key is always wrong: a message held for it longer than S3:MaxUnavailable is parked.</summary>
    public const string Dead = "dead";

    public static IReadOnlyList<SoakDestination> All { get; } =
    [
        new("objects", new OneObjectPerMessage(), Share: 0.2, AmpersandObject: "contacts"),
        new("batches", new NdjsonBatches(), Share: 0.2, AmpersandObject: "companies"),
        new("lake", new OneObjectPerMessage(), Share: 0.1, AmpersandObject: "deals") { Extra = new Dictionary<string, object> { ["Envelope"] = "none" } },
        new(Refused, new OneObjectPerMessage(), Share: 0.15, AmpersandObject: "leads"),
        new(Throttled, new OneObjectPerMessage(), Share: 0.15),
        new("records", new BatchedRows("records"), Share: 0.1),
        new("parquet", new BatchedRows("parquet"), Share: 0.1),
        new(Dead, new OneObjectPerMessage(), Share: 0) { Extra = new Dictionary<string, object> { ["AccessKeyId"] = "SOAK-NEVER-VALID" } },
    ];

    public static SoakDestination Named(string name) => All.Single(destination => destination.Name == name);

    /// <summary>The destination that takes a share <paramref name="draw"/> (0 to 1) falls in, of the destinations that take raw and typed traffic.</summary>
    public static SoakDestination ForShare(double draw)
    {
        var total = All.Sum(destination => destination.Share);
        var at = draw * total;
        foreach (var destination in All.Where(destination => destination.Share > 0))
        {
            if ((at -= destination.Share) < 0)
            {
                return destination;
            }
        }

        return All.Last(destination => destination.Share > 0);
    }
}
