using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Management;

namespace RelayEngine.Tunnels;

/// <summary>What the parts of one running tunnel end share: config, state, ledger registry, options, clock, limits.</summary>
internal sealed class TunnelEndContext
{
    public TunnelEndContext(TunnelState state, ConnectionRegistry registry, TunnelOptions options, RelayEngineOptions engineOptions, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        State = state;
        Registry = registry;
        Options = options;
        EngineOptions = engineOptions;
        Time = time;
        Logger = logger;
        Stopping = stopping;
        RateUp = TunnelRateLimiter.Create(state.Config.RateLimitMbps, time);
        RateDown = TunnelRateLimiter.Create(state.Config.RateLimitMbps, time);
    }

    public TunnelConfig Config => State.Config;
    public TunnelState State { get; }
    public ConnectionRegistry Registry { get; }
    public TunnelOptions Options { get; }
    public RelayEngineOptions EngineOptions { get; }
    public TimeProvider Time { get; }
    public ILogger Logger { get; }

    /// <summary>Cancelled when the end stops: accept loops end, waits end, relays are cut with <c>RelayStopped</c> after the drain.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>User → target limiter (NodePass <c>rate</c>), or null.</summary>
    public TunnelRateLimiter? RateUp { get; }

    /// <summary>Target → user limiter, or null.</summary>
    public TunnelRateLimiter? RateDown { get; }

    public string TunnelId => Config.TunnelId;
    public string Role => Config.Role == TunnelRole.Server ? "server" : "client";
    public TimeSpan TcpIdleTimeout => Config.IdleTimeout ?? EngineOptions.DefaultTcpIdleTimeout;
    public TimeSpan UdpIdleTimeout => Config.IdleTimeout ?? EngineOptions.DefaultUdpIdleTimeout;
    public TimeSpan ConnectTimeout => Config.ConnectTimeout ?? EngineOptions.DefaultConnectTimeout;
    public int BufferSize => EngineOptions.CopyBufferSize;
}
