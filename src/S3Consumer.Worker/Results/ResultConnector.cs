using System.Net;
using System.Net.Sockets;

namespace S3Consumer.Worker.Results;

/// <summary>
/// Opens the results client's connections, only to addresses <see cref="ResultHosts"/> allows. The check runs on the
/// addresses the connection is made to, resolved right here, so a name that resolves differently a second time
/// (DNS rebinding) cannot pass a check made earlier.
/// </summary>
public sealed class ResultConnector(ResultHosts hosts)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(address => hosts.MayConnect(host, address)).ToArray();
        if (allowed.Length == 0)
        {
            throw new ForbiddenAddressException(host, addresses);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
