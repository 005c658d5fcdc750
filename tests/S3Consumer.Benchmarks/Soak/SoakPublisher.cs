using System.Threading.Channels;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// Sends its messages one after another, each at least once: a publish the broker did not confirm within 30 s, or that
/// failed (its node stopped, the connection broke), is sent again a second later, as a careful publisher does; so a
/// message may reach RabbitMQ twice, which the harness counts. Each publisher has a queue of its own, so one that waits
/// for a node does not hold the others back.
/// </summary>
internal abstract class SoakPublisher(string name) : IAsyncDisposable
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(30);
    private readonly Channel<(SoakMessage Message, SentMessage Sent)> pending = Channel.CreateUnbounded<(SoakMessage, SentMessage)>();
    private Task? loop;
    private long failures;

    public string Name { get; } = name;

    /// <summary>Publishes that failed or were not confirmed, each sent again.</summary>
    public long Failures => Interlocked.Read(ref failures);

    /// <summary>Messages waiting for their turn.</summary>
    public int Waiting => pending.Reader.Count;

    /// <summary>What the last failed publish said.</summary>
    public string? LastFailure { get; private set; }

    public void Start() => loop = Task.Run(RunAsync);

    public void Send(SoakMessage message, SentMessage sent) => pending.Writer.TryWrite((message, sent));

    /// <summary>Returns once every message given has been confirmed.</summary>
    public async Task CompleteAsync()
    {
        pending.Writer.TryComplete();
        await (loop ?? Task.CompletedTask);
    }

    public virtual ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    /// <summary>Publishes one message and returns once the broker confirmed it.</summary>
    protected abstract Task PublishAsync(SoakMessage message, CancellationToken cancellationToken);

    /// <summary>After a failed publish: forgets a connection that may be broken, so that the next publish makes a new one.</summary>
    protected abstract Task ResetAsync();

    private async Task RunAsync()
    {
        await foreach (var (message, sent) in pending.Reader.ReadAllAsync())
        {
            while (true)
            {
                sent.Attempted();
                using var timeout = new CancellationTokenSource(ConfirmTimeout);
                try
                {
                    await PublishAsync(message, timeout.Token);
                    sent.Confirmed();
                    break;
                }
#pragma warning disable CA1031 // whatever broke the publish (the broker, the connection, a timeout), the message is sent again
                catch (Exception error)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref failures);
                    LastFailure = $"{error.GetType().Name}: {error.Message}";
                    await ResetAsync();
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }
    }
}
