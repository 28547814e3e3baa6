using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayEngine.Transport.Epoll;

namespace RelayEngine.Transport;

/// <summary>Creates the data path for a relay from its protocol. Owns the epoll loops TCP relays share on Linux.</summary>
internal sealed class RelayListenerFactory(ConnectionRegistry registry, TimeProvider time, ILoggerFactory loggers, IOptions<RelayEngineOptions> options) : IDisposable
{
    private readonly ILogger _tcpLogger = loggers.CreateLogger<TcpRelayListener>();
    private readonly ILogger _udpLogger = loggers.CreateLogger("RelayEngine.Transport.UdpRelayListener");
    private readonly EpollLoopGroup? _loops = options.Value.TcpTransport != TcpTransport.Sockets && EpollLoopGroup.IsSupported
        ? new EpollLoopGroup(options.Value.CopyBufferSize, time, loggers.CreateLogger<TcpRelayListener>())
        : null;

    /// <summary>Whether TCP relays run on the epoll loops (else on System.Net.Sockets).</summary>
    public bool UsesEpoll => _loops is not null;

    public IRelayListener Create(RelayState relay) => relay.Config.Protocol switch
    {
        RelayProtocol.Tcp when _loops is not null => new EpollTcpRelayListener(relay, registry, options.Value, time, _tcpLogger, _loops),
        RelayProtocol.Tcp => new TcpRelayListener(relay, registry, options.Value, time, _tcpLogger),
        RelayProtocol.Udp => CreateUdp(relay),
        _ => throw new RelayBindException($"Protocol '{relay.Config.Protocol}' is not supported."),
    };

    public void Dispose() => _loops?.Dispose();

    private IRelayListener CreateUdp(RelayState relay) => new UdpRelayListener(relay, registry, options.Value, time, _udpLogger)
    {
        MulticastInterface = System.Net.IPAddress.TryParse(options.Value.UdpMulticastInterface, out var address) ? address : null,
    };
}
