using System.Net.Security;
using System.Net.Sockets;

namespace RelayEngine.Tunnels;

/// <summary>
/// One side of a relayed connection for <see cref="TunnelStreamCopier"/>: a socket, read and written through TLS when
/// <see cref="Tls"/> is set. Half-close is a TCP FIN (<c>Shutdown(Send)</c>) on both kinds of leg.
/// </summary>
/// <remarks>
/// Why not a TLS close_notify (<see cref="SslStream.ShutdownAsync"/>) on a TLS leg: the other copier is reading this leg's
/// <see cref="SslStream"/> at that moment, and ShutdownAsync runs SSL_shutdown on the same OpenSSL object with no lock against
/// that read, then writes the alert straight to the socket. Under load it sometimes threw OpenSslCryptographicException
/// ("application data after close notify"), which escaped the copier: the relay was cut and the user saw a clean end of
/// stream early (38.5 of 50 MB echoed). TLS after a sent close_notify is also one-way in OpenSSL. The FIN is
/// sent after the last record was written, so the peer's <see cref="SslStream"/> reads every byte and then 0; a failure
/// is never passed on as a FIN (see <see cref="TunnelTcpRelay"/>, which resets both sides then).
/// </remarks>
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

    /// <summary>Passes the end of stream on as a TCP FIN, after everything written so far (never throws).</summary>
    public void ShutdownSend()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Makes the coming close a reset, so the peer sees a failure and not a clean end of stream (never throws).</summary>
    public static void ResetOnClose(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
