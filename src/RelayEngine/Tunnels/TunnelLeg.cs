using System.Net.Security;
using System.Net.Sockets;

namespace RelayEngine.Tunnels;

/// <summary>
/// One side of a relayed connection for <see cref="TunnelStreamCopier"/>: a socket, read and written through TLS when
/// <see cref="Tls"/> is set. Half-close maps to <c>Shutdown(Send)</c> on a socket and to a TLS close_notify on TLS.
/// </summary>
internal readonly struct TunnelLeg(Socket socket, SslStream? tls)
{
    public Socket Socket { get; } = socket;
    public SslStream? Tls { get; } = tls;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Tls is { } tls ? tls.ReadAsync(buffer, cancellationToken) : Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Tls is { } tls)
        {
            await tls.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            return;
        }
        var sent = 0;
        while (sent < data.Length) sent += await Socket.SendAsync(data[sent..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Passes the end of stream on (never throws).</summary>
    public async ValueTask ShutdownSendAsync()
    {
        try
        {
            if (Tls is { } tls) await tls.ShutdownAsync().ConfigureAwait(false);
            else Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
        }
    }
}
