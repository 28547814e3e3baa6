using System.Net.Sockets;

namespace RelayEngine.Tunnels;

/// <summary>
/// The stream under a tunnel's <see cref="System.Net.Security.SslStream"/>: a <see cref="NetworkStream"/> whose reads
/// leave the socket event thread before returning, so the TLS record decryption that follows runs on the thread pool.
/// </summary>
/// <remarks>
/// Why: the host runs with inline socket completions (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, see
/// RelayWeb's SocketRuntimeDefaults), which puts every socket continuation on the one event thread a 2-core machine has.
/// That is the fast path for plain copies, but with TLS it serialized all handshakes and all AES-GCM of all connections on
/// that thread: tls=1 with four iperf3 streams ran slower than with one. Only bulk reads (at least
/// <see cref="BulkThreshold"/> bytes) hop, and only from the event thread: a small message is decrypted where it arrived,
/// because under load a thread-pool hop costs more latency than its decryption (it doubled tls=1's time to first byte).
/// </remarks>
internal sealed class TunnelOffloadStream(NetworkStream inner) : Stream
{
    /// <summary>Reads and writes at least this large are bulk transfer: worth moving to the thread pool.</summary>
    public const int BulkThreshold = 8 * 1024;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read >= BulkThreshold && !Thread.CurrentThread.IsThreadPoolThread) await Task.Yield();
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
