using MassTransit;
using S3Consumer.Core.Messages;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// A raw publisher's message as MassTransit hands it to a consumer: the delivered JSON, not yet read. The delivery
/// reads it with the core's <see cref="Core.Messages.ActionMessageReader"/>, as it reads a typed message's, so that
/// both are read the same way and no contract property is left empty for one and filled for the other.
/// </summary>
/// <remarks>Only <see cref="RawJsonDeserializer"/> makes it; no exchange is declared for it (see <see cref="MessagingRegistration"/>).</remarks>
[ExcludeFromTopology]
public sealed class RawJsonMessage
{
    internal RawJsonMessage(ReadOnlyMemory<byte> json) => Json = json;

    public ReadOnlyMemory<byte> Json { get; }
}
