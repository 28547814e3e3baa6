using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RelayWeb.IntegrationTests.Tunnels.Infrastructure;

/// <summary>A PEM certificate and key pair in a temp directory (for tls=2), made with <see cref="CertificateRequest"/>.</summary>
internal sealed class TestCertificateFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-tunnel-cert-").FullName;

    public TestCertificateFiles(string commonName = "tunnel-a")
    {
        CertificatePath = Path.Combine(_directory, "tunnel.crt");
        KeyPath = Path.Combine(_directory, "tunnel.key");
        Fingerprint = Write(commonName);
    }

    public string CertificatePath { get; }
    public string KeyPath { get; }

    /// <summary>SHA-256 (hex) of the certificate now in the files.</summary>
    public string Fingerprint { get; private set; }

    /// <summary>Writes a new certificate over the files (a renewal) and returns its fingerprint.</summary>
    public string Renew(string commonName)
    {
        Fingerprint = Write(commonName);
        return Fingerprint;
    }

    private string Write(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Key first, then certificate: a reader that sees the new certificate also sees its key.
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        // Make the change visible even on file systems with coarse timestamps.
        var stamp = DateTime.UtcNow.AddSeconds(Random.Shared.Next(1, 1000));
        File.SetLastWriteTimeUtc(CertificatePath, stamp);
        File.SetLastWriteTimeUtc(KeyPath, stamp);
        return Convert.ToHexString(SHA256.HashData(certificate.RawData));
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
