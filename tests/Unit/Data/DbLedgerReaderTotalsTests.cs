using Microsoft.Extensions.DependencyInjection;
using RelayEngine.Connections;
using RelayEngine.Ledger;
using RelayWeb.Data;

namespace RelayWeb.UnitTests.Data;

/// <summary>The ledger totals a tunnel end reads at start so its counters survive restarts.</summary>
public sealed class DbLedgerReaderTotalsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task GetTotalsAsync_SumsEarlierRowsOfThatRelayAndAgentByNetwork()
    {
        // Arrange: two earlier TCP rows (one left open by a crash), one UDP row, and rows that must not count.
        var start = LedgerSnapshots.Start;
        ConnectionSnapshot[] rows =
        [
            LedgerSnapshots.Closed(LedgerSnapshots.Open(relayId: "t1:server", bytesUp: 100, bytesDown: 1000), TimeSpan.FromSeconds(1)),
            LedgerSnapshots.Open(relayId: "t1:server", bytesUp: 5, bytesDown: 7, startUtc: start.AddMinutes(1)),
            LedgerSnapshots.Open(relayId: "t1:server", bytesUp: 30, bytesDown: 40, startUtc: start.AddMinutes(2)) with { Network = "udp" },
            LedgerSnapshots.Open(relayId: "t1:server", bytesUp: 9999, startUtc: start.AddHours(2)),      // this run: later
            LedgerSnapshots.Open(relayId: "t1:client", bytesUp: 9999),                                     // the other end
            LedgerSnapshots.Open(relayId: "t1:server", agentId: "edge-2", bytesUp: 9999),                  // another node
        ];
        await _database.Services.GetRequiredService<DbLedgerSink>().WriteAsync(rows, CancellationToken.None);
        var reader = _database.Services.GetRequiredService<ILedgerReader>();

        // Act
        var totals = await reader.GetTotalsAsync("local", "t1:server", start.AddHours(1), CancellationToken.None);

        // Assert
        Assert.Equal(new LedgerTotals(105, 1007, 30, 40, 3), totals);
    }

    [Fact]
    public async Task GetTotalsAsync_NoRows_IsEmpty()
    {
        var reader = _database.Services.GetRequiredService<ILedgerReader>();
        Assert.Equal(LedgerTotals.Empty, await reader.GetTotalsAsync("local", "nothing:server", DateTime.UtcNow, CancellationToken.None));
    }
}
