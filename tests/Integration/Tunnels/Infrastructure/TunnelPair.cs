using System.Net;
using RelayEngine.Configuration;
using RelayEngine.Tunnels;
using RelayWeb.IntegrationTests.Engine.Infrastructure;

namespace RelayWeb.IntegrationTests.Tunnels.Infrastructure;

/// <summary>
/// A tunnel server and its client, each in its own engine host (as two machines would run them), on loopback with
/// port 0 everywhere: the client learns the server's bound tunnel port; users connect to <see cref="UserEndPoint"/> (the
/// server's public port in reverse flow, the client's local port in forward flow). Heartbeats and backoff are fast.
/// </summary>
internal sealed class TunnelPair : IAsyncDisposable
{
    public const string Key = "integration-test-key-0123456789";
    public const string Id = "t1";

    private TunnelPair(EngineHost server, EngineHost client)
    {
        Server = server;
        Client = client;
    }

    public EngineHost Server { get; private set; }
    public EngineHost Client { get; }

    public TunnelSnapshot ServerEnd => Server.Tunnel(Id);
    public TunnelSnapshot ClientEnd => Client.Tunnel(Id);

    /// <summary>Where a user connects: the end that listens for users in this flow.</summary>
    public IPEndPoint UserEndPoint => IPEndPoint.Parse((ServerEnd.Flow == TunnelFlow.Reverse ? ServerEnd.PublicEndPoint : ClientEnd.PublicEndPoint)
        ?? throw new InvalidOperationException("No end listens for users yet."));

    public static void Fast(TunnelOptions options)
    {
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        options.ReconnectInitialDelay = TimeSpan.FromMilliseconds(50);
        options.ReconnectMaxDelay = TimeSpan.FromSeconds(1);
        options.PoolWaitTimeout = TimeSpan.FromSeconds(5);
        options.PoolAdjustInterval = TimeSpan.FromMilliseconds(200);
        options.CertificateCheckInterval = TimeSpan.FromMilliseconds(100);
    }

    public static TunnelConfig ServerConfig(TunnelFlow flow, TunnelTlsMode tls, string target, string tunnelAddress = "127.0.0.1:0", TestCertificateFiles? certificate = null) => new()
    {
        TunnelId = Id,
        Role = TunnelRole.Server,
        TunnelAddress = tunnelAddress,
        Targets = [flow == TunnelFlow.Forward ? target : "127.0.0.1:0"],
        Key = Key,
        Flow = flow,
        Tls = tls,
        CertificatePath = certificate?.CertificatePath,
        PrivateKeyPath = certificate?.KeyPath,
    };

    public static TunnelConfig ClientConfig(TunnelFlow flow, string serverTunnel, string target, int minPool = 4, string key = Key) => new()
    {
        TunnelId = Id,
        Role = TunnelRole.Client,
        TunnelAddress = serverTunnel,
        Targets = [flow == TunnelFlow.Reverse ? target : "127.0.0.1:0"],
        Key = key,
        MinPool = minPool,
    };

    /// <summary>Starts both ends and waits until the client is connected, users can connect and <paramref name="minPool"/> data connections are idle.</summary>
    public static async Task<TunnelPair> StartAsync(TunnelFlow flow, TunnelTlsMode tls, string target, int minPool = 4,
        Func<TunnelConfig, TunnelConfig>? server = null, Func<TunnelConfig, TunnelConfig>? client = null,
        TestCertificateFiles? certificate = null, bool sqliteLedger = false, string? serverDataDirectory = null)
    {
        var serverConfig = ServerConfig(flow, tls, target, certificate: certificate);
        var serverHost = await EngineHost.StartAsync([], sqliteLedger, tunnels: [server?.Invoke(serverConfig) ?? serverConfig], tunnelOptions: Fast, dataDirectory: serverDataDirectory);
        var tunnelAddress = serverHost.Tunnel(Id).TunnelEndPoint ?? throw new InvalidOperationException($"Server is {serverHost.Tunnel(Id).Status}: {serverHost.Tunnel(Id).StatusReason}");
        var clientConfig = ClientConfig(flow, tunnelAddress, target, minPool);
        var clientHost = await EngineHost.StartAsync([], sqliteLedger, tunnels: [client?.Invoke(clientConfig) ?? clientConfig], tunnelOptions: Fast);
        var pair = new TunnelPair(serverHost, clientHost);
        await pair.WaitConnectedAsync(minPool);
        return pair;
    }

    public async Task WaitConnectedAsync(int idle = 1)
    {
        await Eventually.UntilAsync(() => ClientEnd.Status == TunnelStatus.Connected && ServerEnd.Status == TunnelStatus.Connected,
            "both tunnel ends are connected");
        await Eventually.UntilAsync(() => ClientEnd.PoolIdle >= idle && (ServerEnd.Flow != TunnelFlow.Forward || ClientEnd.PublicEndPoint is not null),
            $"the pool holds {idle} idle data connections");
    }

    /// <summary>Replaces the server host (after the old one was disposed), e.g. to restart the server on the same port.</summary>
    public async Task ReplaceServerAsync(TunnelConfig config, string? dataDirectory = null)
    {
        Server = await EngineHost.StartAsync([], tunnels: [config], tunnelOptions: Fast, dataDirectory: dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
