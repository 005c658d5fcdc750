using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Storage;

/// <summary>Delivers one message: the core turns it into an object write, the store puts it in S3.</summary>
public sealed class ObjectDelivery(ObjectWriteBuilder builder, S3ObjectStore store)
{
    public async Task DeliverAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var write = builder.Build(message);
        await store.PutAsync(write, cancellationToken).ConfigureAwait(false);
    }
}
