using RelayEngine.Connections;

namespace RelayWeb.UnitTests.Web.ViewModels;

/// <summary>Builds ledger snapshots for view-model tests.</summary>
internal static class ConnectionSnapshots
{
    public static readonly DateTime T0 = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    public static ConnectionSnapshot Open(int n, string relayId = "r1", long up = 0, long down = 0, DateTime? start = null) => new()
    {
        Id = Id(n),
        AgentId = "local",
        RelayId = relayId,
        Network = "tcp",
        Source = $"127.0.0.1:{40000 + n}",
        Listen = "127.0.0.1:7000",
        Target = "127.0.0.1:9000",
        StartUtc = start ?? T0.AddSeconds(n),
        BytesUp = up,
        BytesDown = down,
    };

    public static ConnectionSnapshot Closed(int n, long up, long down, CloseReason reason = CloseReason.ClosedByAdmin) =>
        Open(n, up: up, down: down) with { EndUtc = T0.AddMinutes(1), CloseReason = reason };

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");
}
