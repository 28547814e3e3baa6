using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;

namespace RelayEngine.Tunnels;

/// <summary>
/// The server's current certificate: generated once (tls=1) or loaded from <c>crt</c>/<c>key</c> and re-checked every
/// <see cref="TunnelOptions.CertificateCheckInterval"/> (tls=2). A change of either file's time or size reloads both; new
/// TLS handshakes get the new certificate, connections already up keep theirs, so the tunnel is not dropped. A reload that
/// fails keeps the old certificate and is logged.
/// </summary>
internal sealed partial class TunnelCertificateSource : IDisposable
{
    private readonly TunnelConfig _config;
    private readonly ILogger _logger;
    private readonly Action<string> _reloaded;
    private ITimer? _timer;
    private volatile Current _current;
    private (DateTime, long, DateTime, long) _stamp;
    private int _checking;

    private TunnelCertificateSource(TunnelConfig config, Current current, ILogger logger, Action<string> reloaded)
    {
        _config = config;
        _current = current;
        _logger = logger;
        _reloaded = reloaded;
    }

    public X509Certificate2 Certificate => _current.Certificate;
    public SslStreamCertificateContext Context => _current.Context;
    public byte[] Fingerprint => _current.Fingerprint;
    public string FingerprintText => TunnelCertificates.FingerprintText(_current.Fingerprint);

    /// <summary>The source for a tls=1 or tls=2 server; throws <see cref="InvalidOperationException"/> with a readable reason when tls=2 files cannot be loaded.</summary>
    public static TunnelCertificateSource Create(TunnelConfig config, TunnelOptions options, TimeProvider time, ILogger logger, Action<string> reloaded)
    {
        if (config.Tls == TunnelTlsMode.SelfSigned)
        {
            return new TunnelCertificateSource(config, Current.From(TunnelCertificates.CreateSelfSigned("relay-tunnel-" + config.TunnelId, time)), logger, reloaded);
        }
        X509Certificate2 certificate;
        try
        {
            certificate = TunnelCertificates.LoadPem(config.CertificatePath!, config.PrivateKeyPath!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"Cannot load the tunnel certificate '{config.CertificatePath}' with key '{config.PrivateKeyPath}': {e.Message}", e);
        }
        var source = new TunnelCertificateSource(config, Current.From(certificate), logger, reloaded) { _stamp = Stamp(config) };
        source._timer = time.CreateTimer(static s => ((TunnelCertificateSource)s!).Check(), source, options.CertificateCheckInterval, options.CertificateCheckInterval);
        return source;
    }

    /// <summary>Reloads when the files changed. Public for tests; the timer calls it.</summary>
    internal void Check()
    {
        if (Interlocked.Exchange(ref _checking, 1) == 1) return;
        try
        {
            var stamp = Stamp(_config);
            if (stamp == _stamp) return;
            try
            {
                var certificate = TunnelCertificates.LoadPem(_config.CertificatePath!, _config.PrivateKeyPath!);
                _stamp = stamp;
                _current = Current.From(certificate); // the old one stays alive for connections that still use it
                Log.Reloaded(_logger, _config.TunnelId, FingerprintText);
                _reloaded(FingerprintText);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                // Often a half-written pair (certificate renewed, key not yet): keep the old one, try again next time.
                Log.ReloadFailed(_logger, _config.TunnelId, e.Message);
            }
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    private static (DateTime, long, DateTime, long) Stamp(TunnelConfig config)
    {
        var crt = new FileInfo(config.CertificatePath!);
        var key = new FileInfo(config.PrivateKeyPath!);
        return (crt.Exists ? crt.LastWriteTimeUtc : default, crt.Exists ? crt.Length : -1, key.Exists ? key.LastWriteTimeUtc : default, key.Exists ? key.Length : -1);
    }

    public void Dispose() => _timer?.Dispose();

    private sealed record Current(X509Certificate2 Certificate, SslStreamCertificateContext Context, byte[] Fingerprint)
    {
        public static Current From(X509Certificate2 certificate) =>
            new(certificate, TunnelCertificates.ContextFor(certificate), TunnelCertificates.Fingerprint(certificate));
    }
}
