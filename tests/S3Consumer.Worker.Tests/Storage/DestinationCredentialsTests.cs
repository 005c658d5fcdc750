using System.Diagnostics;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;
using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>
/// Writes wait for credentials without holding a thread: while the SDK's default chain is walked (on EC2, the instance
/// metadata, up to 35 s) or a role is assumed, 32 writes of a destination leave the thread pool free, the chain is
/// walked once for all of them, and every write goes out once the credentials come.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DestinationCredentialsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Writes = 32;
    private const string CallerKeyId = "CALLERKEY";

    private readonly TaskCompletionSource walkMayEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private S3Bucket bucket = null!;
    private int walks;
    private int asked;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();

        // The chain the SDK walks, held up as a walk of the instance metadata would be.
        AWSConfigs.AWSCredentialsGenerators =
        [
            () =>
            {
                Interlocked.Increment(ref walks);
                walkMayEnd.Task.Wait(TimeSpan.FromSeconds(60));
                return new BasicAWSCredentials(CallerKeyId, "caller-secret");
            },
        ];
    }

    public async Task DisposeAsync()
    {
        walkMayEnd.TrySetResult();
        AWSConfigs.AWSCredentialsGenerators = null;
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task Writes_waiting_for_the_default_chain_hold_no_thread_and_all_go_out_once_it_answers()
    {
        await using var proxy = await S3RecordingProxy.StartAsync(keyId => keyId == CallerKeyId ? "caller-secret" : null);

        var puts = await WriteWhileTheChainIsWalkedAsync(proxy, Destination(proxy.Url), () => Volatile.Read(ref asked) == Writes, $"all {Writes} writes asking for credentials");

        Assert.All(puts, put => Assert.Equal(CallerKeyId, put.AccessKeyId));
    }

    [Fact]
    public async Task Writes_waiting_for_a_role_to_be_assumed_hold_no_thread_and_all_go_out_with_its_session()
    {
        await using var proxy = await S3RecordingProxy.StartAsync(StsStandIn.SecretOf);
        await using var sts = await StsStandIn.StartAsync(TimeSpan.FromHours(1));
        using var environment = ProcessEnvironment.Set(("AWS_ENDPOINT_URL_STS", sts.Url.ToString()), ("AWS_REGION", TestServices.Region));
        var destination = Destination(proxy.Url);
        destination.Options.RoleArn = "arn:aws:iam::123456789012:role/s3consumer-writer";

        // The writes wait for the role's session, which waits for the chain's credentials to call STS with.
        var puts = await WriteWhileTheChainIsWalkedAsync(proxy, destination, () => Volatile.Read(ref asked) == 1, "the role's session asking for the caller's credentials");

        var call = Assert.Single(sts.Calls); // one session for all the writes that waited for it
        Assert.Equal(CallerKeyId, call.CallerKeyId);
        Assert.All(puts, put => Assert.Equal(call.IssuedKeyId, put.AccessKeyId));
    }

    private async Task<IReadOnlyList<RecordedPut>> WriteWhileTheChainIsWalkedAsync(S3RecordingProxy proxy, Destination destination, Func<bool> waiting, string what)
    {
        using var resolver = new DefaultAWSCredentialsIdentityResolver();
        using var bed = new StoreBed(defaultChain: () =>
        {
            Interlocked.Increment(ref asked);
            return resolver.ResolveIdentityAsync(null);
        });

        // On the thread pool, as MassTransit runs consumers. The pool takes its work in order: the task given to it after
        // the writes runs once each of them has run up to where it waits.
        var writes = Enumerable.Range(0, Writes)
            .Select(number => Task.Run(() => bed.Store.PutAsync(StoreBed.Write(destination, $"waited-{number}.json"), () => true)))
            .ToList();
        await Poll.UntilAsync(() => waiting() && Volatile.Read(ref walks) == 1, TimeSpan.FromSeconds(30), $"{what} while the chain is walked",
            seen: () => $"{asked} asked, {walks} walk(s)");
        var given = Stopwatch.GetTimestamp();
        var free = Task.Run(() => Stopwatch.GetElapsedTime(given));
        Assert.True(await Task.WhenAny(free, Task.Delay(TimeSpan.FromMilliseconds(200))) == free,
            $"A task given to the thread pool did not run within 200 ms while {Writes} writes waited for credentials.");
        output.WriteLine($"While {Writes} writes waited for credentials ({asked} lookup(s) of the chain, {walks} walk), a task given to the " +
                         $"thread pool ran after {(await free).TotalMilliseconds:F1} ms (goal: within 200 ms); {ThreadPool.ThreadCount} pool threads.");
        Assert.DoesNotContain(writes, write => write.IsCompleted);

        walkMayEnd.SetResult();
        await Poll.ForAsync(Task.WhenAll(writes), TimeSpan.FromSeconds(60), $"all {Writes} writes once the credentials came");
        Assert.Equal(1, walks);
        Assert.Equal(Writes, proxy.Puts.Count);
        return [.. proxy.Puts];
    }

    private Destination Destination(Uri proxy)
    {
        var options = StoreBed.At(proxy, bucket.Name);
        (options.AccessKeyId, options.SecretAccessKey) = (null, null);
        return StoreBed.Destination("lake", options);
    }
}
