using System.Net;
using System.Net.Sockets;

namespace RelayWeb.IntegrationTests.Engine.Infrastructure;

/// <summary>
/// A TCP target whose connects hang: it listens but never accepts, and its backlog is filled at once, so the kernel drops
/// further SYNs (Linux does not refuse them) and a connect to it waits until the caller gives up.
/// </summary>
internal sealed class SilentTcpTarget : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];

    public SilentTcpTarget()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        for (var i = 0; i < 4; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try { filler.Connect(_listener.LocalEndPoint!); } catch (SocketException) { }
            _fillers.Add(filler);
        }
    }

    public string Address => _listener.LocalEndPoint!.ToString()!;

    public void Dispose()
    {
        foreach (var filler in _fillers) filler.Dispose();
        _listener.Dispose();
    }
}
