using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// What the parts of one running tunnel end share: config, state, ledger registry, options, clock, limits, and one coarse
/// idle timer per network over the connections relaying at this end (the forwards' shared <see cref="IdleTimer"/>).
/// </summary>
internal sealed class TunnelEndContext : IDisposable
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
        TcpIdle = new IdleTimer(TcpIdleTimeout, time, TcpRelaying);
        UdpIdle = new IdleTimer(UdpIdleTimeout, time, UdpRelaying);
    }

    /// <summary>TCP connections relaying at this end, swept by <see cref="TcpIdle"/> (closed with <c>IdleTimeout</c>).</summary>
    public ConcurrentDictionary<ConnectionState, byte> TcpRelaying { get; } = new();
    public IdleTimer TcpIdle { get; }

    /// <summary>UDP sessions relaying at the receiving end, swept by <see cref="UdpIdle"/>.</summary>
    public ConcurrentDictionary<ConnectionState, byte> UdpRelaying { get; } = new();
    public IdleTimer UdpIdle { get; }

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
    public int BufferSize => Math.Max(4096, Options.CopyBufferSize);

    public void Dispose()
    {
        TcpIdle.Dispose();
        UdpIdle.Dispose();
    }
}
