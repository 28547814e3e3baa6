using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData.Entities;
using RelayEngine.Connections;
using RelayWeb.Data;

namespace RelayWeb.UnitTests.Data;

public sealed class DbLedgerSinkTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private DbLedgerSink _sink = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _sink = _database.Services.GetRequiredService<DbLedgerSink>();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task WriteAsync_SameBatchTwice_OneRowEachWithSameValues()
    {
        // Arrange
        var open = LedgerSnapshots.Open(bytesUp: 10, bytesDown: 20);
        var closed = LedgerSnapshots.Closed(LedgerSnapshots.Open(source: "10.0.0.2:1"), TimeSpan.FromSeconds(3), CloseReason.TargetClosed, 5, 6);
        ConnectionSnapshot[] batch = [open, closed];
        await _sink.WriteAsync(batch, CancellationToken.None);
        var first = await ReadAllAsync();

        // Act
        await _sink.WriteAsync(batch, CancellationToken.None);

        // Assert
        var second = await ReadAllAsync();
        Assert.Equal(2, second.Count);
        Assert.Equal(first.Select(Describe), second.Select(Describe));
    }

    [Fact]
    public async Task WriteAsync_OpenThenClosed_RowClosedWithReasonEndAndDuration()
    {
        // Arrange
        var open = LedgerSnapshots.Open(bytesUp: 100, bytesDown: 200);
        await _sink.WriteAsync([open], CancellationToken.None);

        // Act
        await _sink.WriteAsync([LedgerSnapshots.Closed(open, TimeSpan.FromMilliseconds(2500), CloseReason.IdleTimeout, 150, 250)], CancellationToken.None);

        // Assert
        var row = Assert.Single(await ReadAllAsync());
        Assert.False(row.IsOpen);
        Assert.Equal(open.StartUtc.AddMilliseconds(2500), row.EndUtc);
        Assert.Equal(DateTimeKind.Utc, row.EndUtc!.Value.Kind);
        Assert.Equal(2500, row.DurationMs);
        Assert.Equal("idle_timeout", row.CloseReason);
        Assert.Equal((150, 250), (row.BytesUp, row.BytesDown));
    }

    [Fact]
    public async Task WriteAsync_OlderOpenSnapshotAfterClosed_RowStaysClosed()
    {
        // Arrange
        var open = LedgerSnapshots.Open(bytesUp: 1, bytesDown: 1);
        var closed = LedgerSnapshots.Closed(open, TimeSpan.FromSeconds(1), CloseReason.ClientClosed, 10, 10);
        await _sink.WriteAsync([closed], CancellationToken.None);

        // Act
        await _sink.WriteAsync([open with { Target = "10.9.9.9:1" }], CancellationToken.None);

        // Assert
        var row = Assert.Single(await ReadAllAsync());
        Assert.False(row.IsOpen);
        Assert.Equal("client_closed", row.CloseReason);
        Assert.Equal(closed.EndUtc, row.EndUtc);
        Assert.Equal(1000, row.DurationMs);
        Assert.Equal("127.0.0.1:8080", row.Target);
        Assert.Equal((10, 10), (row.BytesUp, row.BytesDown));
    }

    [Fact]
    public async Task WriteAsync_LowerCounters_NeverDecrease()
    {
        // Arrange
        var open = LedgerSnapshots.Open(bytesUp: 500, bytesDown: 700);
        await _sink.WriteAsync([open], CancellationToken.None);

        // Act
        await _sink.WriteAsync([open with { BytesUp = 400, BytesDown = 900 }], CancellationToken.None);

        // Assert
        var row = Assert.Single(await ReadAllAsync());
        Assert.Equal((500, 900), (row.BytesUp, row.BytesDown));
        Assert.True(row.IsOpen);
        Assert.Null(row.CloseReason);
        Assert.Null(row.DurationMs);
    }

    [Fact]
    public async Task WriteAsync_SameIdTwoAgents_TwoRows()
    {
        // Arrange
        var id = Guid.CreateVersion7();

        // Act
        await _sink.WriteAsync([LedgerSnapshots.Open(id, agentId: "local"), LedgerSnapshots.Open(id, agentId: "edge-1")], CancellationToken.None);

        // Assert
        Assert.Equal(["edge-1", "local"], (await ReadAllAsync()).Select(r => r.AgentId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_5000RowBatch_AllRowsWritten()
    {
        // Arrange
        var batch = Enumerable.Range(0, 5000)
            .Select(i => i % 2 == 0
                ? LedgerSnapshots.Open(bytesUp: i, startUtc: LedgerSnapshots.Start.AddMilliseconds(i))
                : LedgerSnapshots.Closed(LedgerSnapshots.Open(startUtc: LedgerSnapshots.Start.AddMilliseconds(i)), TimeSpan.FromSeconds(1), CloseReason.Error, i, i))
            .ToArray();

        // Act
        await _sink.WriteAsync(batch, CancellationToken.None);

        // Assert
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(5000, await db.Connections.CountAsync());
        Assert.Equal(2500, await db.Connections.CountAsync(c => c.IsOpen));
        Assert.Equal(batch.Sum(s => s.BytesUp), await db.Connections.SumAsync(c => c.BytesUp));
    }

    [Fact]
    public async Task WriteAsync_RawRows_ReadableThroughEfByKeyAndTime()
    {
        // Arrange: the raw upsert must store Guid and DateTime in the text forms EF queries with.
        var early = LedgerSnapshots.Open(startUtc: LedgerSnapshots.Start.AddTicks(1234567));
        var late = LedgerSnapshots.Open(startUtc: LedgerSnapshots.Start.AddHours(1));
        await _sink.WriteAsync([early, late], CancellationToken.None);

        // Act
        await using var db = await _database.CreateDbContextAsync();
        var found = await db.Connections.FindAsync(early.Id, early.AgentId);
        var beforeLate = await db.Connections.Where(c => c.StartUtc < late.StartUtc).Select(c => c.Id).ToListAsync();

        // Assert
        Assert.NotNull(found);
        Assert.Equal(early.StartUtc, found.StartUtc);
        Assert.Equal(DateTimeKind.Utc, found.StartUtc.Kind);
        Assert.Equal([early.Id], beforeLate);
    }

    [Theory]
    [InlineData(CloseReason.ClientClosed, "client_closed")]
    [InlineData(CloseReason.TargetClosed, "target_closed")]
    [InlineData(CloseReason.IdleTimeout, "idle_timeout")]
    [InlineData(CloseReason.ConnectFailed, "connect_failed")]
    [InlineData(CloseReason.RefusedByLimit, "refused_by_limit")]
    [InlineData(CloseReason.ClosedByAdmin, "closed_by_admin")]
    [InlineData(CloseReason.RelayStopped, "relay_stopped")]
    [InlineData(CloseReason.Error, "error")]
    public async Task WriteAsync_ClosedRow_StoresReasonInSnakeCase(CloseReason reason, string expected)
    {
        // Arrange
        var closed = LedgerSnapshots.Closed(LedgerSnapshots.Open(), TimeSpan.FromSeconds(1), reason);

        // Act
        await _sink.WriteAsync([closed], CancellationToken.None);

        // Assert
        Assert.Equal(expected, Assert.Single(await ReadAllAsync()).CloseReason);
    }

    [Fact]
    public async Task WriteAsync_CancelledToken_WritesNothing()
    {
        // Arrange
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sink.WriteAsync([LedgerSnapshots.Open()], cts.Token));

        // Assert
        Assert.Empty(await ReadAllAsync());
    }

    [Fact]
    public async Task WriteAsync_DatabaseLocked_ThrowsSoTheEngineRetries()
    {
        // Arrange: another connection holds the write lock; a 1-second busy timeout keeps the test short.
        using var blocker = new SqliteConnection($"Data Source={_database.DatabasePath};Pooling=False");
        blocker.Open();
        using var lockTransaction = blocker.BeginTransaction(deferred: false);
        var sink = new DbLedgerSink(new ShortTimeoutFactory(_database.DatabasePath), new LedgerWriteGate());

        // Act
        var error = await Assert.ThrowsAsync<SqliteException>(() => sink.WriteAsync([LedgerSnapshots.Open()], CancellationToken.None));

        // Assert
        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
    }

    [Fact]
    public async Task CloseStaleOpenConnectionsAsync_OpenRowsOfAgent_ClosedAsRelayStopped()
    {
        // Arrange
        var stale = LedgerSnapshots.Open(bytesUp: 7);
        var otherAgent = LedgerSnapshots.Open(agentId: "edge-1");
        var alreadyClosed = LedgerSnapshots.Closed(LedgerSnapshots.Open(), TimeSpan.FromSeconds(2), CloseReason.TargetClosed);
        await _sink.WriteAsync([stale, otherAgent, alreadyClosed], CancellationToken.None);
        var now = LedgerSnapshots.Start.AddMinutes(5);

        // Act
        var count = await _sink.CloseStaleOpenConnectionsAsync("local", now, CancellationToken.None);

        // Assert
        Assert.Equal(1, count);
        var rows = (await ReadAllAsync()).ToDictionary(r => r.Id);
        Assert.False(rows[stale.Id].IsOpen);
        Assert.Equal("relay_stopped", rows[stale.Id].CloseReason);
        Assert.Equal(now, rows[stale.Id].EndUtc);
        Assert.Equal(300_000, rows[stale.Id].DurationMs);
        Assert.Equal(7, rows[stale.Id].BytesUp);
        Assert.True(rows[otherAgent.Id].IsOpen);
        Assert.Equal("target_closed", rows[alreadyClosed.Id].CloseReason);
        Assert.Equal(0, await _sink.CloseStaleOpenConnectionsAsync("local", now, CancellationToken.None));
    }

    private async Task<List<Connection>> ReadAllAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.Connections.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
    }

    private static string Describe(Connection c) =>
        $"{c.Id}|{c.AgentId}|{c.RelayId}|{c.Network}|{c.Source}|{c.Listen}|{c.Target}|{c.StartUtc:O}|{c.EndUtc:O}|{c.DurationMs}|{c.BytesUp}|{c.BytesDown}|{c.CloseReason}|{c.IsOpen}";

    private sealed class ShortTimeoutFactory(string path) : IDbContextFactory<RelayData.RelayDbContext>
    {
        public RelayData.RelayDbContext CreateDbContext() => new(new DbContextOptionsBuilder<RelayData.RelayDbContext>()
            .UseSqlite($"Data Source={path};Pooling=False;Default Timeout=1").Options);
    }
}
