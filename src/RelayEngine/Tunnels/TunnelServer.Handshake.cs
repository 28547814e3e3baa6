using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using RelayEngine.Configuration;

namespace RelayEngine.Tunnels;

internal sealed partial class TunnelServer
{
    /// <summary>
    /// The server side of the handshake (<see cref="TunnelProtocol"/>) for one accepted connection, bounded by
    /// <see cref="TunnelOptions.HandshakeTimeout"/>. A wrong key is refused at once, logged with the address and counted;
    /// an address that keeps failing waits longer and longer before it is even greeted. Never throws.
    /// </summary>
    private async Task HandshakeAsync(Socket socket)
    {
        var owned = false;
        SslStream? tls = null;
        var peer = socket.RemoteEndPoint as IPEndPoint;
        var peerText = peer?.ToString() ?? "unknown";
        try
        {
            if (peer is not null && _throttle.RetryAfter(peer.Address) is { } wait && wait > TimeSpan.Zero)
            {
                // Blocked after repeated wrong keys: refuse at once, before greeting or TLS (cheap, holds nothing).
                await RefuseAsync(new NetworkStream(socket, ownsSocket: false), TunnelRefusalReason.Throttled,
                    $"too many failed attempts; retry in {Math.Ceiling(wait.TotalSeconds)} s", _context.Stopping).ConfigureAwait(false);
                return;
            }
            using var deadline = new CancellationTokenSource(_context.Options.HandshakeTimeout, _context.Time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_context.Stopping, deadline.Token);
            socket.NoDelay = true;
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            var nonce = TunnelAuthenticator.NewNonce();
            var greeting = new TunnelGreeting(TunnelProtocol.Version, Config.Tls, nonce);
            await stream.WriteAsync(TunnelFrameWriter.ToArray(TunnelFrameType.Greeting, greeting.ToPayload()), timeout.Token).ConfigureAwait(false);

            byte[]? fingerprint = null;
            if (_certificates is { } certificates)
            {
                var context = certificates.Context;
                tls = new SslStream(new TunnelOffloadStream((NetworkStream)stream), leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, timeout.Token).ConfigureAwait(false);
                fingerprint = TunnelCertificates.Fingerprint(context.TargetCertificate);
                stream = tls;
            }

            var frame = await TunnelFrameReader.ReadOneAsync(stream, TunnelProtocol.MaxControlPayload, timeout.Token).ConfigureAwait(false);
            if (frame is not { Type: TunnelFrameType.Hello } helloFrame || !TunnelHello.TryParse(helloFrame.Payload, out var hello))
            {
                await RefuseAsync(stream, TunnelRefusalReason.ProtocolError, "expected a hello", timeout.Token).ConfigureAwait(false);
                return;
            }
            var transcript = new TunnelTranscript(hello.Kind, Config.Tls, nonce, hello.Nonce, hello.Session, fingerprint);
            if (!_authenticator.VerifyClient(transcript, hello.Mac))
            {
                var failures = peer is null ? 0 : _throttle.RecordFailure(peer.Address);
                State.CountAuthFailure();
                Log.AuthFailed(_context.Logger, _context.TunnelId, peerText, failures);
                await RefuseAsync(stream, TunnelRefusalReason.BadKey, "wrong tunnel key", timeout.Token).ConfigureAwait(false);
                return;
            }
            if (peer is not null) _throttle.RecordSuccess(peer.Address);

            owned = hello.Kind == TunnelConnectionKind.Control
                ? await AcceptControlAsync(socket, stream, transcript, peerText, timeout.Token).ConfigureAwait(false)
                : await AcceptDataAsync(socket, tls, stream, transcript, hello.Session, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException
            or InvalidDataException or System.Security.Authentication.AuthenticationException)
        {
            if (!_context.Stopping.IsCancellationRequested) Log.HandshakeFailed(_context.Logger, _context.TunnelId, peerText, e.Message);
        }
        catch (Exception e)
        {
            Log.HandshakeError(_context.Logger, _context.TunnelId, peerText, e);
        }
        finally
        {
            _handshakes.Release();
            if (!owned)
            {
                tls?.Dispose();
                socket.Dispose();
            }
        }
    }

    private async Task<bool> AcceptControlAsync(Socket socket, Stream stream, TunnelTranscript transcript, string peer, CancellationToken cancellationToken)
    {
        var sessionId = Guid.NewGuid();
        var welcome = new TunnelWelcome(_authenticator.ServerMac(transcript with { Session = sessionId }), sessionId, _flow, Config.MaxPool,
            (int)_context.Options.HeartbeatInterval.TotalMilliseconds);
        await stream.WriteAsync(TunnelFrameWriter.ToArray(TunnelFrameType.Welcome, welcome.ToPayload()), cancellationToken).ConfigureAwait(false);
        var channel = new TunnelControlChannel(socket, stream, _context.Time, _context.Options.HeartbeatInterval, _context.Options.HeartbeatMissLimit);
        _sessionTask = RunSessionAsync(new ServerSession(sessionId, peer, channel));
        return true;
    }

    private async Task<bool> AcceptDataAsync(Socket socket, SslStream? tls, Stream stream, TunnelTranscript transcript, Guid session, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _session) is not { } current || current.Id != session)
        {
            await RefuseAsync(stream, TunnelRefusalReason.UnknownSession, "no such session (reconnect the control channel)", cancellationToken).ConfigureAwait(false);
            return false;
        }
        if (IdleDataConnections >= Config.MaxPool)
        {
            await RefuseAsync(stream, TunnelRefusalReason.PoolFull, $"the pool is at max={Config.MaxPool}", cancellationToken).ConfigureAwait(false);
            return false;
        }
        await stream.WriteAsync(TunnelFrameWriter.ToArray(TunnelFrameType.Accepted, _authenticator.ServerMac(transcript)), cancellationToken).ConfigureAwait(false);
        var data = new TunnelDataConnection(socket, tls, session);
        if (_pool is not null)
        {
            if (_pool.Add(data)) State.SetPool(_pool.IdleCount, current.Channel.PeerPing?.PoolTarget ?? 0);
        }
        else
        {
            _ = _acceptor!.ServeAsync(data);
        }
        return true;
    }

    private static async Task RefuseAsync(Stream stream, TunnelRefusalReason reason, string message, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(TunnelFrameWriter.ToArray(TunnelFrameType.Refused, new TunnelRefusal(reason, message).ToPayload()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
