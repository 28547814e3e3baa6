using System.Security.Cryptography;
using RelayEngine.Configuration;
using RelayEngine.Tunnels;

namespace RelayWeb.UnitTests.Engine.Tunnels;

public sealed class TunnelAuthenticatorTests
{
    private static TunnelTranscript Transcript(byte[]? fingerprint = null, TunnelTlsMode tls = TunnelTlsMode.SelfSigned) =>
        new(TunnelConnectionKind.Control, tls, TunnelAuthenticator.NewNonce(), TunnelAuthenticator.NewNonce(), Guid.Empty, fingerprint ?? RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void SameKey_ClientProofVerifies_AndTheServerProofDiffersFromIt()
    {
        // Arrange
        var auth = new TunnelAuthenticator("shared-secret-key-123");
        var transcript = Transcript();

        // Act
        var client = auth.ClientMac(transcript);
        var server = auth.ServerMac(transcript);

        // Assert
        Assert.True(auth.VerifyClient(transcript, client));
        Assert.True(auth.VerifyServer(transcript, server));
        Assert.NotEqual(client, server); // a proof cannot be reflected back as the other side's
        Assert.False(auth.VerifyServer(transcript, client));
    }

    [Fact]
    public void WrongKey_Fails()
    {
        var transcript = Transcript();
        var proof = new TunnelAuthenticator("the-right-key-0000").ClientMac(transcript);
        Assert.False(new TunnelAuthenticator("the-wrong-key-0000").VerifyClient(transcript, proof));
    }

    [Fact]
    public void DifferentCertificateSeen_Fails_SoAManInTheMiddleIsCaught()
    {
        // Arrange: the client saw one certificate (an interceptor's), the server presented another.
        var auth = new TunnelAuthenticator("shared-secret-key-123");
        var clientView = Transcript();
        var serverView = clientView with { CertificateFingerprint = RandomNumberGenerator.GetBytes(32) };

        // Act
        var proof = auth.ClientMac(clientView);

        // Assert
        Assert.False(auth.VerifyClient(serverView, proof));
    }

    [Fact]
    public void TlsModeDowngradedInTheClearGreeting_Fails()
    {
        var auth = new TunnelAuthenticator("shared-secret-key-123");
        var serverView = Transcript(tls: TunnelTlsMode.SelfSigned);
        var proof = auth.ClientMac(serverView with { Tls = TunnelTlsMode.None, CertificateFingerprint = null });
        Assert.False(auth.VerifyClient(serverView, proof));
    }
}
