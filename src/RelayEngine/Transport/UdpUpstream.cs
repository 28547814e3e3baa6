using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace RelayEngine.Transport;

/// <summary>
/// One socket from a UDP session to one target, and the loop that carries the target's replies back to the client.
/// Unicast targets use a connected socket; a multicast group target an unconnected one (see <see cref="UdpSockets.CreateUpstream"/>).
/// </summary>
internal sealed class UdpUpstream : IDisposable
{
    private readonly Socket _socket;
    private readonly SocketAddress? _group;
    private int _reportedUnreachable;

    public UdpUpstream(int targetIndex, string targetName, IPEndPoint target, IPAddress? multicastInterface)
    {
        TargetIndex = targetIndex;
        TargetName = targetName;
        _socket = UdpSockets.CreateUpstream(target, multicastInterface);
        _group = UdpSockets.IsMulticast(target.Address) ? target.Serialize() : null;
    }

    /// <summary>Index of the target in the relay's configuration.</summary>
    public int TargetIndex { get; }

    /// <summary>The target as configured (<c>HOST:PORT</c>).</summary>
    public string TargetName { get; }

    /// <summary>The last error a send or receive hit, for the log line that reports it.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>The <see cref="SocketError"/> of <see cref="LastError"/>, if it was a socket error.</summary>
    public SocketError LastSocketError => (LastError as SocketException)?.SocketErrorCode ?? SocketError.SocketError;

    /// <summary>True the first time it is called; used to log a fan-out target's unreachability once per session.</summary>
    public bool FirstUnreachableReport() => Interlocked.Exchange(ref _reportedUnreachable, 1) == 0;

    /// <summary>Sends one datagram to the target. Never throws.</summary>
    public async ValueTask<UdpSendResult> SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        try
        {
            if (_group is null)
            {
                await _socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _socket.SendToAsync(datagram, SocketFlags.None, _group, cancellationToken).ConfigureAwait(false);
            }
            return UdpSendResult.Sent;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            LastError = e;
            return UdpSocketErrors.Classify(e);
        }
    }

    /// <summary>
    /// Receives replies and hands each to <paramref name="session"/> until the socket is closed or fails. Returns why it
    /// ended; with <paramref name="keepOnUnreachable"/> (fan-out) an ICMP error from the target is skipped instead.
    /// </summary>
    public async Task<UdpSendResult> ReceiveLoopAsync(UdpSession session, bool keepOnUnreachable, CancellationToken cancellationToken)
    {
        // Wait for a datagram with a zero-byte peek so an idle session holds no 64 KiB buffer (YARP's StreamCopier does the
        // same with a zero-byte read). Windows reports a zero-byte peek at a datagram as WSAEMSGSIZE, so it keeps its buffer.
        var holdBuffer = OperatingSystem.IsWindows();
        var buffer = holdBuffer ? ArrayPool<byte>.Shared.Rent(UdpRelayListener.BufferSize) : null;
        try
        {
            while (true)
            {
                int received;
                try
                {
                    if (!holdBuffer)
                    {
                        await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
                        buffer ??= ArrayPool<byte>.Shared.Rent(UdpRelayListener.BufferSize);
                    }
                    received = await _socket.ReceiveAsync(buffer!, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    LastError = e;
                    var result = UdpSocketErrors.Classify(e);
                    if (result != UdpSendResult.TargetUnreachable || !keepOnUnreachable) return result;
                    session.OnFanOutTargetUnreachable(this);
                    continue;
                }

                if (await session.SendToClientAsync(buffer!.AsMemory(0, received), cancellationToken).ConfigureAwait(false) == UdpSendResult.Closed)
                {
                    return UdpSendResult.Closed;
                }
                if (!holdBuffer)
                {
                    ArrayPool<byte>.Shared.Return(buffer!);
                    buffer = null;
                }
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _socket.Dispose();
}
