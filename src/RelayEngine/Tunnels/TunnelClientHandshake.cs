using System.Net.Security;
using System.Net.Sockets;
using RelayEngine.Configuration;

namespace RelayEngine.Tunnels;

/// <summary>
/// The client side of the handshake (<see cref="TunnelProtocol"/>) for one new connection: connect, read the greeting,
/// start TLS if the server says so (accepting any certificate, whose fingerprint then enters the transcript), prove the
/// key, check the server's proof. Throws <see cref="TunnelRefusedException"/> when refused or when the server's proof
/// fails, <see cref="SocketException"/>/<see cref="IOException"/>/<see cref="OperationCanceledException"/> otherwise.
/// </summary>
internal static class TunnelClientHandshake
{
    public static async Task<TunnelClientConnection> ConnectAsync(
        HostPort server, TunnelConnectionKind kind, Guid session, TunnelAuthenticator authenticator, TimeSpan connectTimeout, TimeSpan handshakeTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(connectTimeout + handshakeTimeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var endPoint = await server.ResolveAsync(timeout.Token).ConfigureAwait(false);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            var greetingFrame = await TunnelFrameReader.ReadOneAsync(stream, TunnelProtocol.MaxControlPayload, timeout.Token).ConfigureAwait(false)
                ?? throw new IOException("The server closed the connection before its greeting.");
            if (greetingFrame.Type == TunnelFrameType.Refused) throw Refused(greetingFrame.Payload);
            if (greetingFrame.Type != TunnelFrameType.Greeting || !TunnelGreeting.TryParse(greetingFrame.Payload, out var greeting))
            {
                throw new TunnelRefusedException(TunnelRefusalReason.ProtocolError, "The server did not greet as a Relay tunnel server.");
            }
            if (greeting.Version != TunnelProtocol.Version)
            {
                throw new TunnelRefusedException(TunnelRefusalReason.ProtocolError, $"The server speaks tunnel protocol version {greeting.Version}; this client speaks {TunnelProtocol.Version}.");
            }

            byte[]? fingerprint = null;
            if (greeting.Tls != TunnelTlsMode.None)
            {
                // Any certificate is accepted here on purpose: its fingerprint goes into the transcript, so the key proofs
                // below fail unless this is the certificate of the server that holds the key (see TunnelProtocol).
                tls = new SslStream(new TunnelOffloadStream((NetworkStream)stream), leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = server.Address is null ? server.Host : "",
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                }, timeout.Token).ConfigureAwait(false);
                fingerprint = TunnelCertificates.Fingerprint(tls.RemoteCertificate ?? throw new IOException("The server sent no certificate."));
                stream = tls;
            }

            var nonce = TunnelAuthenticator.NewNonce();
            var transcript = new TunnelTranscript(kind, greeting.Tls, greeting.Nonce, nonce, session, fingerprint);
            var hello = new TunnelHello(kind, nonce, session, authenticator.ClientMac(transcript));
            await stream.WriteAsync(TunnelFrameWriter.ToArray(TunnelFrameType.Hello, hello.ToPayload()), timeout.Token).ConfigureAwait(false);

            var reply = await TunnelFrameReader.ReadOneAsync(stream, TunnelProtocol.MaxControlPayload, timeout.Token).ConfigureAwait(false)
                ?? throw new IOException("The server closed the connection during the handshake.");
            if (reply.Type == TunnelFrameType.Refused) throw Refused(reply.Payload);
            TunnelWelcome? welcome = null;
            if (kind == TunnelConnectionKind.Control)
            {
                if (reply.Type != TunnelFrameType.Welcome || !TunnelWelcome.TryParse(reply.Payload, out var w)) throw new TunnelRefusedException(TunnelRefusalReason.ProtocolError, "Expected the server's welcome.");
                if (!authenticator.VerifyServer(transcript with { Session = w.Session }, w.Mac)) throw ServerProofFailed();
                welcome = w;
            }
            else if (reply.Type != TunnelFrameType.Accepted || !authenticator.VerifyServer(transcript, reply.Payload))
            {
                throw ServerProofFailed();
            }
            return new TunnelClientConnection(socket, tls, stream, greeting.Tls, fingerprint, welcome);
        }
        catch
        {
            tls?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    private static TunnelRefusedException Refused(byte[] payload) =>
        TunnelRefusal.TryParse(payload, out var refusal)
            ? new TunnelRefusedException(refusal.Reason, $"refused by the server: {refusal.Reason} ({refusal.Message})")
            : new TunnelRefusedException(TunnelRefusalReason.ProtocolError, "refused by the server");

    private static TunnelRefusedException ServerProofFailed() =>
        new(TunnelRefusalReason.BadKey, "the server could not prove the tunnel key (a different key, or something in between)");
}

/// <summary>A connection that passed the client handshake.</summary>
internal sealed record TunnelClientConnection(Socket Socket, SslStream? Tls, Stream Stream, TunnelTlsMode TlsMode, byte[]? Fingerprint, TunnelWelcome? Welcome);
