using RelayEngine.Connections;

namespace RelayWeb.UnitTests.Data;

/// <summary>Builds ledger snapshots for tests.</summary>
internal static class LedgerSnapshots
{
    public static readonly DateTime Start = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    public static ConnectionSnapshot Open(Guid? id = null, string agentId = "local", string relayId = "web", DateTime? startUtc = null,
        long bytesUp = 0, long bytesDown = 0, string source = "10.0.0.1:50000", string? target = "127.0.0.1:8080") => new()
    {
        Id = id ?? Guid.CreateVersion7(),
        AgentId = agentId,
        RelayId = relayId,
        Network = "tcp",
        Source = source,
        Listen = "0.0.0.0:80",
        Target = target,
        StartUtc = startUtc ?? Start,
        BytesUp = bytesUp,
        BytesDown = bytesDown,
    };

    public static ConnectionSnapshot Closed(ConnectionSnapshot open, TimeSpan after, CloseReason reason = CloseReason.ClientClosed,
        long? bytesUp = null, long? bytesDown = null) => open with
    {
        EndUtc = open.StartUtc + after,
        CloseReason = reason,
        BytesUp = bytesUp ?? open.BytesUp,
        BytesDown = bytesDown ?? open.BytesDown,
    };
}
