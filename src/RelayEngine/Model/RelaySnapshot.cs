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
}
