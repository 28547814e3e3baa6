using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayEngine.Connections;
using RelayWeb.Data;

namespace RelayWeb.UnitTests.Data;

/// <summary>The <c>SyncSeq</c> stamps every ledger write gets: unique, increasing, never reused.</summary>
public sealed class SyncSequenceTests : IAsyncLifetime
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
    public async Task WriteAsync_Batches_EveryRowGetsTheNextNumbersInBatchOrder()
    {
        // Arrange
        var first = new[] { LedgerSnapshots.Open(), LedgerSnapshots.Open() };
        var second = new[] { LedgerSnapshots.Open(), LedgerSnapshots.Open(), LedgerSnapshots.Open() };

        // Act
        await _sink.WriteAsync(first, CancellationToken.None);
        await _sink.WriteAsync(second, CancellationToken.None);

        // Assert
        var seqs = await SeqsAsync();
        Assert.Equal(first.Concat(second).Select(c => c.Id), seqs.OrderBy(p => p.Value).Select(p => p.Key));
        Assert.Equal([1L, 2, 3, 4, 5], seqs.Values.Order());
    }

    [Fact]
    public async Task WriteAsync_RowUpdated_GetsANewHigherNumber()
    {
        // Arrange
        var open = LedgerSnapshots.Open(bytesUp: 1);
        var other = LedgerSnapshots.Open();
        await _sink.WriteAsync([open, other], CancellationToken.None);

        // Act
        await _sink.WriteAsync([LedgerSnapshots.Closed(open, TimeSpan.FromSeconds(5), CloseReason.ClientClosed, bytesUp: 9)], CancellationToken.None);

        // Assert
        var seqs = await SeqsAsync();
        Assert.Equal(3, seqs[open.Id]);
        Assert.Equal(2, seqs[other.Id]);
    }

    [Fact]
    public async Task WriteAsync_AfterTheHighestRowsWereDeleted_NumbersAreNeverReused()
    {
        // Arrange: retention (or anything) deleted every row, the highest numbers included.
        await _sink.WriteAsync([LedgerSnapshots.Open(), LedgerSnapshots.Open()], CancellationToken.None);
        await using (var db = await _database.CreateDbContextAsync())
        {
            await db.Connections.ExecuteDeleteAsync();
        }

        // Act
        var next = LedgerSnapshots.Open();
        await _sink.WriteAsync([next], CancellationToken.None);

        // Assert: MAX(SyncSeq)+1 would have handed out 1 again, at or below a cursor of 2, and the row would never sync.
        Assert.Equal(3, (await SeqsAsync())[next.Id]);
    }

    [Fact]
    public async Task CloseStaleOpenConnectionsAsync_ClosedRowsGetNewNumbers()
    {
        // Arrange
        var open = LedgerSnapshots.Open();
        var closed = LedgerSnapshots.Closed(LedgerSnapshots.Open(), TimeSpan.FromSeconds(1));
        await _sink.WriteAsync([open, closed], CancellationToken.None);

        // Act
        var count = await _sink.CloseStaleOpenConnectionsAsync("local", LedgerSnapshots.Start.AddMinutes(5), CancellationToken.None);

        // Assert
        var seqs = await SeqsAsync();
        Assert.Equal(1, count);
        Assert.Equal(3, seqs[open.Id]);
        Assert.Equal(2, seqs[closed.Id]);
    }

    private async Task<Dictionary<Guid, long>> SeqsAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.Connections.ToDictionaryAsync(c => c.Id, c => c.SyncSeq);
    }
}
