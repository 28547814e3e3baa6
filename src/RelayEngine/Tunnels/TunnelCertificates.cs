using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RelayEngine.Tunnels;

/// <summary>Creating, loading and fingerprinting tunnel certificates.</summary>
public static class TunnelCertificates
{
    /// <summary>
    /// A self-signed ECDSA P-256 server certificate for tls=1, valid from a day ago for a year. Exported and re-imported as
    /// PKCS#12 so the private key is usable by SslStream on every platform.
    /// </summary>
    public static X509Certificate2 CreateSelfSigned(string subjectName, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subjectName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Loads a PEM certificate (chain) and private key (tls=2); throws with a readable message.</summary>
    public static X509Certificate2 LoadPem(string certificatePath, string privateKeyPath)
    {
        using var loaded = X509Certificate2.CreateFromPemFile(certificatePath, privateKeyPath);
        return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>SHA-256 of the DER certificate: what the handshake transcript binds.</summary>
    public static byte[] Fingerprint(X509Certificate certificate) => SHA256.HashData(certificate.GetRawCertData());

    public static string FingerprintText(byte[] fingerprint) => Convert.ToHexString(fingerprint);

    internal static SslStreamCertificateContext ContextFor(X509Certificate2 certificate) =>
        SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
}
