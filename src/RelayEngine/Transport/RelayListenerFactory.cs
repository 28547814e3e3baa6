using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Model;

namespace RelayEngine.Transport;

/// <summary>Creates the data path for a relay from its protocol.</summary>
internal sealed class RelayListenerFactory(ConnectionRegistry registry, TimeProvider time, ILoggerFactory loggers, IOptions<RelayEngineOptions> options)
{
    private readonly ILogger _tcpLogger = loggers.CreateLogger<TcpRelayListener>();
    private readonly ILogger _udpLogger = loggers.CreateLogger("RelayEngine.Transport.UdpRelayListener");

    public IRelayListener Create(RelayState relay) => relay.Config.Protocol switch
    {
        RelayProtocol.Tcp => new TcpRelayListener(relay, registry, options.Value, time, _tcpLogger),
        RelayProtocol.Udp => CreateUdp(relay),
        _ => throw new RelayBindException($"Protocol '{relay.Config.Protocol}' is not supported."),
    };

    private IRelayListener CreateUdp(RelayState relay) => new UdpRelayListener(relay, registry, options.Value, time, _udpLogger)
    {
        MulticastInterface = System.Net.IPAddress.TryParse(options.Value.UdpMulticastInterface, out var address) ? address : null,
    };
}
