using System.Net;

namespace RelayEngine.Transport;

/// <summary>
/// One running relay's data path (a TCP accept loop or a UDP socket with its sessions). Created per start; never restarted.
/// </summary>
internal interface IRelayListener : IAsyncDisposable
{
    /// <summary>The endpoint bound by <see cref="Start"/>.</summary>
    IPEndPoint? BoundEndPoint { get; }

    /// <summary>Binds and starts serving. Throws <see cref="RelayBindException"/> with a human reason when it cannot bind.</summary>
    void Start();

    /// <summary>
    /// Stops accepting, lets open connections finish for up to <paramref name="drainTimeout"/>, then aborts the rest with
    /// <c>RelayStopped</c>. Completes when every connection task has ended and been recorded.
    /// </summary>
    Task StopAsync(TimeSpan drainTimeout);
}
