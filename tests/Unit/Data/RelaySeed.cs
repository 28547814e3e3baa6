using RelayData.Entities;
using RelayEngine.Configuration;

namespace RelayWeb.UnitTests.Data;

/// <summary>Relay configurations and rows for tests.</summary>
internal static class RelaySeed
{
    public static RelayConfig Config(string name = "web", string listen = "127.0.0.1:8081", params string[] targets) => new()
    {
        RelayId = "ignored",
        Name = name,
        Protocol = RelayProtocol.Tcp,
        Listen = listen,
        Targets = targets.Length == 0 ? ["127.0.0.1:9001"] : targets,
        Strategy = TargetStrategy.RoundRobin,
        ConnectTimeout = TimeSpan.FromSeconds(3),
        IdleTimeout = TimeSpan.FromMinutes(5),
        MaxConnections = 100,
    };

    public static Relay Row(string relayId, string name, string protocol = "tcp", string strategy = "failover") => new()
    {
        RelayId = relayId,
        Name = name,
        Protocol = protocol,
        Listen = "127.0.0.1:8081",
        Targets = ["127.0.0.1:9001"],
        Strategy = strategy,
        CreatedUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        UpdatedUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}
