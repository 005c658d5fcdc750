using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>
/// What a write comes to through the worker's store, against a server that answers as S3 would: a connection never
/// made, credentials S3 refuses as expired (renewed once where they can be), a setting the endpoint does not implement,
/// a PUT S3 holds (hedged).
/// </summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class S3ObjectStoreTests : IAsyncLifetime
{
    private S3Bucket bucket = null!;
    private S3FaultProxy proxy = null!;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        proxy = await S3FaultProxy.StartAsync(keyId => keyId.StartsWith("SESSION", StringComparison.Ordinal) || keyId == TestServices.S3Key ? SecretOf(keyId) : null);
    }

    public async Task DisposeAsync()
    {
        await proxy.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_never_made_times_out_as_transient_having_stored_nothing()
    {
        // A listener that never accepts, its one-connection backlog taken: the next connection's SYN goes unanswered.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await taken.ConnectAsync(listener.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(10));
        using var bed = new StoreBed(new S3Options { ConnectTimeout = TimeSpan.FromMilliseconds(200), MaxRetryAttempts = 1, RetryDelay = TimeSpan.Zero });
        var nowhere = StoreBed.Destination("nowhere", StoreBed.At(new Uri($"http://{listener.LocalEndPoint}/"), "lake"));

        var error = await Assert.ThrowsAsync<S3UnavailableException>(() => bed.Store.PutAsync(StoreBed.Write(nowhere, "never.json"), () => true));

        Assert.Equal(("ConnectTimeout", false), (error.Code, error.MayHaveBeenWritten));
    }

    [Fact]
    public async Task Credentials_refused_as_expired_are_renewed_once_and_the_write_goes_out_with_the_new_ones()
    {
        var sessions = new Sessions();
        proxy.ExpiredKeys["SESSION1"] = true;
        using var bed = new StoreBed(defaultChain: () => Task.FromResult<AWSCredentials>(sessions));

        var written = await bed.Store.PutAsync(StoreBed.Write(Lake(), "renewed.json"), () => true);

        Assert.False(written.AlreadyExisted);
        Assert.Equal(2, sessions.Issued);
        Assert.Equal(2, proxy.StartedPuts);
        Assert.Equal(1, proxy.Written.GetValueOrDefault("renewed.json"));
    }

    [Fact]
    public async Task Credentials_refused_again_once_renewed_make_the_destination_unavailable()
    {
        var sessions = new Sessions();
        proxy.ExpiredKeys["SESSION1"] = proxy.ExpiredKeys["SESSION2"] = proxy.ExpiredKeys["SESSION3"] = true;
        using var bed = new StoreBed(defaultChain: () => Task.FromResult<AWSCredentials>(sessions));

        var error = await Assert.ThrowsAsync<S3UnavailableException>(() => bed.Store.PutAsync(StoreBed.Write(Lake(), "expired.json"), () => true));

        Assert.Equal(("ExpiredToken", false), (error.Code, error.MayHaveBeenWritten));
        Assert.Equal(2, sessions.Issued); // renewed once, not once per retry
        Assert.Equal(2, proxy.StartedPuts);
    }

    [Fact]
    public async Task Static_credentials_refused_as_expired_have_nothing_to_renew_and_are_not_tried_again()
    {
        proxy.ExpiredKeys[TestServices.S3Key] = true;
        using var bed = new StoreBed();
        var options = StoreBed.At(proxy.Url, bucket.Name);
        options.SessionToken = "static-session";

        var error = await Assert.ThrowsAsync<S3UnavailableException>(() => bed.Store.PutAsync(StoreBed.Write(StoreBed.Destination("lake", options), "static.json"), () => true));

        Assert.Equal("ExpiredToken", error.Code);
        Assert.Equal(1, proxy.StartedPuts);
    }

    [Fact]
    public async Task A_setting_the_endpoint_does_not_implement_is_refused_at_once_having_stored_nothing()
    {
        proxy.Refusal = S3Refusal.Of("NotImplemented", "A header you provided implies functionality that is not implemented") with { Details = [new("Header", "If-None-Match")] };
        using var bed = new StoreBed();
        var options = StoreBed.At(proxy.Url, bucket.Name);
        options.Overwrite = false;

        var error = await Assert.ThrowsAsync<S3UnavailableException>(() => bed.Store.PutAsync(StoreBed.Write(StoreBed.Destination("lake", options), "once.json"), () => true));

        Assert.Equal(("NotImplemented", false), (error.Code, error.MayHaveBeenWritten));
        Assert.Equal(1, proxy.StartedPuts); // not retried as a 5xx would be
    }

    [Fact]
    public async Task A_PUT_unanswered_past_the_hedge_delay_is_sent_again_and_the_first_answer_taken()
    {
        using var bed = new StoreBed(new S3Options { HedgeDelay = TimeSpan.FromMilliseconds(200), AttemptTimeout = TimeSpan.FromSeconds(30), RetryDelay = TimeSpan.Zero });
        using var counts = new PutCounts(bed.Telemetry);
        var lake = StoreBed.Destination("lake", StoreBed.At(proxy.Url, bucket.Name));
        (proxy.DelayEvery, proxy.PutDelay) = (2, TimeSpan.FromMinutes(1)); // the second PUT is held, as S3 now and then holds one
        await bed.Store.PutAsync(StoreBed.Write(lake, "first.json"), () => true);

        var written = await bed.Store.PutAsync(StoreBed.Write(lake, "hedged.json", "{\"n\":2}"), () => true);

        // Answered by the hedge, not by a retry after the held PUT's 30 s timeout; and the held PUT is let go, not left open.
        Assert.False(written.AlreadyExisted);
        Assert.Equal((3L, 1, 1L, 0L), (proxy.StartedPuts, proxy.Written.GetValueOrDefault("hedged.json"), counts.Hedges, counts.Retries));
        Assert.Equal("{\"data\":{\"n\":2}}", Encoding.UTF8.GetString((await bucket.WaitForObjectAsync("hedged.json")).Body));
        await Poll.UntilAsync(() => Task.FromResult(proxy.HeldPuts == 0), TimeSpan.FromSeconds(10), "the held PUT cancelled once the hedge answered",
            seen: () => $"{proxy.HeldPuts} held");
    }

    [Fact]
    public async Task Hedges_under_way_are_at_most_a_tenth_of_the_connections()
    {
        // One hedge at a time; every PUT held 5 s. The first write's hedge, sent at 2 s, is under way when the other
        // two ask for theirs (at 2 s and again at 4 s), and they are answered at 5 s without one.
        using var bed = new StoreBed(new S3Options { HedgeDelay = TimeSpan.FromSeconds(2), AttemptTimeout = TimeSpan.FromSeconds(30), MaxConnections = 10 });
        using var counts = new PutCounts(bed.Telemetry);
        var lake = StoreBed.Destination("lake", StoreBed.At(proxy.Url, bucket.Name));
        (proxy.DelayEvery, proxy.PutDelay) = (0, TimeSpan.FromSeconds(5));

        string[] keys = ["a.json", "b.json", "c.json"];

        await Task.WhenAll(keys.Select(key => bed.Store.PutAsync(StoreBed.Write(lake, key), () => true)));

        Assert.Equal((4L, 1L), (proxy.StartedPuts, counts.Hedges));
        Assert.All(keys, key => Assert.Equal(1, proxy.Written.GetValueOrDefault(key)));
    }

    private static string SecretOf(string keyId) => keyId == TestServices.S3Key ? TestServices.S3Key : $"secret-of-{keyId}";

    // A destination of the default chain, which the test's sessions stand for.
    private Destination Lake()
    {
        var options = StoreBed.At(proxy.Url, bucket.Name);
        (options.AccessKeyId, options.SecretAccessKey) = (null, null);
        return StoreBed.Destination("lake", options);
    }

    /// <summary>The hedges and retries a bed's senders counted.</summary>
    private sealed class PutCounts : IDisposable
    {
        private readonly MeterListener listener = new();
        private long hedges;
        private long retries;

        public PutCounts(WorkerTelemetry telemetry)
        {
            listener.InstrumentPublished = (instrument, meters) =>
            {
                if (instrument == telemetry.Hedges || instrument == telemetry.Retries)
                {
                    meters.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
                Interlocked.Add(ref instrument == telemetry.Hedges ? ref hedges : ref retries, value));
            listener.Start();
        }

        public long Hedges => Interlocked.Read(ref hedges);

        public long Retries => Interlocked.Read(ref retries);

        public void Dispose() => listener.Dispose();
    }

    /// <summary>Credentials that refresh themselves, as the default chain's web identity or container credentials do: SESSION1, SESSION2, ...</summary>
    private sealed class Sessions : RefreshingAWSCredentials
    {
        private int issued;

        public int Issued => Volatile.Read(ref issued);

        protected override CredentialsRefreshState GenerateNewCredentials()
        {
            var keyId = $"SESSION{Interlocked.Increment(ref issued)}";
            return new CredentialsRefreshState(new ImmutableCredentials(keyId, SecretOf(keyId), $"token-of-{keyId}"), DateTime.UtcNow.AddHours(1));
        }
    }
}
