using RelayEngine.Configuration;

namespace RelayWeb.Cli;

/// <summary>What one <c>relay run</c> URL asks for: forwards, a tunnel end, or (client mode 0) either, decided at start.</summary>
public sealed record RunSpec
{
    /// <summary>The URL as given, with a tunnel key masked.</summary>
    public required string DisplayUrl { get; init; }

    /// <summary>Forwards to run: <c>tcp://</c>, <c>udp://</c>, <c>fanout://</c>, or a client's single-end mode (TCP and UDP).</summary>
    public IReadOnlyList<RelayConfig> Relays { get; init; } = [];

    /// <summary>The tunnel end to run (<c>server://</c>, <c>client://</c> in dual-end mode).</summary>
    public TunnelConfig? Tunnel { get; init; }

    /// <summary>The server URL had no key: one was generated and must be shown once.</summary>
    public bool KeyGenerated { get; init; }

    /// <summary>
    /// <c>client://</c> with <c>mode=0</c> (NodePass's default): single-end forwarding (<see cref="Relays"/>) when the tunnel
    /// address can be bound on this machine, otherwise the tunnel client (<see cref="Tunnel"/>; null when no key was given).
    /// </summary>
    public bool DetectClientMode { get; init; }

    /// <summary>NodePass <c>log</c>: the level this URL asks for (none, debug, info, warn, error, event); null when not given.</summary>
    public LogLevel? LogLevel { get; init; }
}
