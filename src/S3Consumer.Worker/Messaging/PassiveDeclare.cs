using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Whether an exchange or a queue exists, asked with a passive declare on a channel of its own: the broker answers
/// "not found" by closing the channel it was asked on.
/// </summary>
internal static class PassiveDeclare
{
    private const ushort NotFound = 404;

    public static Task<bool> ExchangeExistsAsync(IConnection connection, string exchange, CancellationToken cancellationToken) =>
        ExistsAsync(connection, channel => channel.ExchangeDeclarePassiveAsync(exchange, cancellationToken), cancellationToken);

    public static Task<bool> QueueExistsAsync(IConnection connection, string queue, CancellationToken cancellationToken) =>
        ExistsAsync(connection, channel => channel.QueueDeclarePassiveAsync(queue, cancellationToken), cancellationToken);

    private static async Task<bool> ExistsAsync(IConnection connection, Func<IChannel, Task> declarePassive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await declarePassive(channel).ConfigureAwait(false);
            return true;
        }
        catch (OperationInterruptedException error) when (error.ShutdownReason?.ReplyCode == NotFound)
        {
            return false;
        }
    }
}
