using System.Net.Security;
using System.Net.Sockets;

namespace RelayEngine.Tunnels;

/// <summary>
/// One authenticated data connection between the two ends: its socket, the TLS stream over it (tls=1/2) and the session
/// it belongs to. Single use: it waits idle in a pool, carries one user connection or UDP session, then is closed.
/// </summary>
internal sealed class TunnelDataConnection : IDisposable
{
    private int _disposed;

    public TunnelDataConnection(Socket socket, SslStream? tls, Guid session)
    {
        Socket = socket;
        Tls = tls;
        Stream = tls ?? (Stream)new NetworkStream(socket, ownsSocket: false);
        Session = session;
        Remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
    }

    public Socket Socket { get; }

    /// <summary>The TLS stream, or null on a plain (tls=0) tunnel; plain connections are relayed socket to socket.</summary>
    public SslStream? Tls { get; }

    /// <summary>What to read and write: the TLS stream, or a stream over the socket.</summary>
    public Stream Stream { get; }

    public Guid Session { get; }
    public string Remote { get; }

    /// <summary>
    /// False when the peer has already closed or reset it. An idle pooled connection receives nothing before its Open frame,
    /// so "readable with nothing to read" means end of stream; one syscall, no read (NodePass validates pooled connections
    /// before use too).
    /// </summary>
    public bool IsProbablyAlive()
    {
        if (Volatile.Read(ref _disposed) != 0) return false;
        try
        {
            return !(Socket.Poll(0, SelectMode.SelectRead) && Socket.Available == 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { Tls?.Dispose(); } catch { }
        try { Socket.Dispose(); } catch { }
    }
}
