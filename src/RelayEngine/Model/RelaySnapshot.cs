using System.Net;
using RelayEngine.Configuration;

namespace RelayEngine.Model;

/// <summary>An immutable, point-in-time view of one relay for the UI and API.</summary>
public sealed record RelaySnapshot
{
    public required RelayConfig Config { get; init; }
    public string RelayId => Config.RelayId;
    public required RelayStatus Status { get; init; }

    /// <summary>Why the relay is <see cref="RelayStatus.Faulted"/> or stopped; null when running normally.</summary>
    public string? StatusReason { get; init; }

    /// <summary>The endpoint actually bound (resolves port 0); null when not listening.</summary>
    public IPEndPoint? BoundEndPoint { get; init; }

    public DateTime? StartedUtc { get; init; }
    public int ActiveConnections { get; init; }
    public long TotalConnections { get; init; }

    /// <summary>Connections refused because <see cref="RelayConfig.MaxConnections"/> was reached.</summary>
    public long RefusedConnections { get; init; }

    /// <summary>Connections whose every target failed to connect.</summary>
    public long FailedConnections { get; init; }

    /// <summary>Bytes client → target since the relay started (this process).</summary>
    public long BytesUp { get; init; }

    /// <summary>Bytes target → client since the relay started (this process).</summary>
    public long BytesDown { get; init; }

    /// <summary>
    /// True for a connection source that is not a relay of this engine, such as the Mihomo controller Relay collects from
    /// (id <c>mihomo</c>). Its connections, counters and traffic are reported like a relay's, but it is not in the relay
    /// store and has no listener: UI and API must show it read-only (no edit, stop, restart or delete). Its
    /// <see cref="RelaySnapshot.Config"/> is descriptive only (<see cref="RelayConfig.Listen"/> is the controller's
    /// address, no targets). <see cref="Status"/> is Running while connected, Faulted with the reason while reconnecting.
    /// </summary>
    public bool IsExternal { get; init; }
}
