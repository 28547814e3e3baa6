using System.Net;
using Microsoft.Extensions.Logging;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Model;

namespace RelayEngine.Transport;

// Placeholder so main builds while the UDP listener is written on its branch; replaced by the real one at merge.
internal sealed class UdpRelayListener(RelayState relay, ConnectionRegistry registry, RelayEngineOptions options, TimeProvider time, ILogger logger) : IRelayListener
{
    public IPEndPoint? BoundEndPoint => null;
    public void Start() => throw new RelayBindException($"UDP relays are not available in this build ({relay.RelayId}, {registry.OpenCount}, {options.AgentId}, {time}, {logger}).");
    public Task StopAsync(TimeSpan drainTimeout) => Task.CompletedTask;
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
