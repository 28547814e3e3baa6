using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayEngine.Transport.Epoll;

namespace RelayEngine.Transport;

/// <summary>Creates the data path for a relay from its protocol. Owns the epoll loops TCP relays share on Linux.</summary>
internal sealed partial class RelayListenerFactory(ConnectionRegistry registry, TimeProvider time, ILoggerFactory loggers, IOptions<RelayEngineOptions> options) : IDisposable
{
    private readonly ILogger _tcpLogger = loggers.CreateLogger<TcpRelayListener>();
    private readonly ILogger _udpLogger = loggers.CreateLogger("RelayEngine.Transport.UdpRelayListener");
    private readonly EpollLoopGroup? _loops = options.Value.TcpTransport != TcpTransport.Sockets && EpollLoopGroup.IsSupported
        ? new EpollLoopGroup(options.Value.CopyBufferSize, time, loggers.CreateLogger<TcpRelayListener>())
        : null;

    /// <summary>Whether TCP relays run on the epoll loops (else on System.Net.Sockets).</summary>
    public bool UsesEpoll => _loops is not null;

    private int _announced;

    public IRelayListener Create(RelayState relay)
    {
        if (relay.Config.Protocol == RelayProtocol.Tcp && Interlocked.Exchange(ref _announced, 1) == 0)
        {
            // Once, so whoever reads the log knows which data path served (and that TcpTransport=Sockets took effect).
            if (_loops is not null) LogEpoll(_tcpLogger, _loops.LoopCount);
            else LogSockets(_tcpLogger, options.Value.TcpTransport);
        }
        return CreateListener(relay);
    }

    [LoggerMessage(1010, LogLevel.Information, "TCP relays run on {Loops} epoll event loops.", EventName = "TcpTransportEpoll")]
    private static partial void LogEpoll(ILogger logger, int loops);

    [LoggerMessage(1011, LogLevel.Information, "TCP relays run on System.Net.Sockets (TcpTransport {Setting}).", EventName = "TcpTransportSockets")]
    private static partial void LogSockets(ILogger logger, TcpTransport setting);

    private IRelayListener CreateListener(RelayState relay) => relay.Config.Protocol switch
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
