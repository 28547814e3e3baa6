using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Engine;

public sealed class LedgerWriterTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSink _sink = new();

    private LedgerWriter CreateWriter(int capacity = 1000, int batchSize = 100) => new(_sink, _time, NullLogger<LedgerWriter>.Instance,
        Options.Create(new RelayEngineOptions { LedgerBufferCapacity = capacity, LedgerBatchSize = batchSize, LedgerFlushInterval = TimeSpan.FromMilliseconds(500) }));

    [Fact]
    public async Task Run_SeveralSnapshotsOfOneConnection_WritesOneRecordWithTheLatest()
    {
        // Arrange
        var writer = CreateWriter();
        var id = Guid.NewGuid();
        writer.TryEnqueue(Record(id, bytes: 1));
        writer.TryEnqueue(Record(id, bytes: 5, closed: true));
        writer.TryEnqueue(Record(id, bytes: 3)); // a late open snapshot must not reopen it
        writer.TryEnqueue(Record(Guid.NewGuid(), bytes: 7));
        using var stop = new CancellationTokenSource();

        // Act
        var run = writer.RunAsync(stop.Token, CancellationToken.None);
        await AdvanceUntilAsync(() => _sink.Batches.Count >= 1);
        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        var batch = Assert.Single(_sink.Batches);
        Assert.Equal(2, batch.Count);
        var record = batch.Single(r => r.Id == id);
        Assert.False(record.IsOpen);
        Assert.Equal(5, record.BytesUp);
        Assert.Equal(2, writer.GetStatistics().Written);
    }

    [Fact]
    public void TryEnqueue_BufferFull_DropsAndCountsInsteadOfWaiting()
    {
        // Arrange
        var writer = CreateWriter(capacity: 3);

        // Act
        var accepted = Enumerable.Range(0, 5).Select(_ => writer.TryEnqueue(Record(Guid.NewGuid(), 1))).ToArray();

        // Assert
        Assert.Equal([true, true, true, false, false], accepted);
        var stats = writer.GetStatistics();
        Assert.Equal(2, stats.Dropped);
        Assert.Equal(3, stats.Pending);
    }

    [Fact]
    public async Task Run_SinkFails_RetriesTheSameBatchWithBackoffAndKeepsQueueing()
    {
        // Arrange
        var writer = CreateWriter();
        _sink.FailuresLeft = 2;
        writer.TryEnqueue(Record(Guid.NewGuid(), 1));
        using var stop = new CancellationTokenSource();

        // Act
        var run = writer.RunAsync(stop.Token, CancellationToken.None);
        await AdvanceUntilAsync(() => _sink.Batches.Count == 1);
        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        var stats = writer.GetStatistics();
        Assert.Equal(2, stats.FailedWrites);
        Assert.Equal(1, stats.Written);
        Assert.Equal(0, stats.Pending);
        Assert.Null(stats.LastError);
    }

    [Fact]
    public async Task Run_StopRequested_FlushesWhatIsQueued()
    {
        // Arrange
        var writer = CreateWriter();
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token, CancellationToken.None);
        writer.TryEnqueue(Record(Guid.NewGuid(), 1));

        // Act: stop before the flush interval elapsed
        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(1, _sink.Batches.Sum(b => b.Count));
    }

    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5); // let the writer's continuation run; time itself only moves through Advance
        }
        Assert.True(condition(), "condition not met");
    }

    private static ConnectionSnapshot Record(Guid id, long bytes, bool closed = false) => new()
    {
        Id = id,
        AgentId = "local",
        RelayId = "r",
        Network = "tcp",
        Source = "127.0.0.1:1",
        Listen = "127.0.0.1:2",
        StartUtc = DateTime.UnixEpoch,
        EndUtc = closed ? DateTime.UnixEpoch.AddSeconds(1) : null,
        BytesUp = bytes,
        CloseReason = closed ? CloseReason.ClientClosed : CloseReason.None,
    };

    private sealed class FakeSink : ILedgerSink
    {
        public ConcurrentQueue<IReadOnlyList<ConnectionSnapshot>> Batches { get; } = new();
        public int FailuresLeft { get; set; }

        public Task WriteAsync(IReadOnlyList<ConnectionSnapshot> batch, CancellationToken cancellationToken)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("database is locked");
            }
            Batches.Enqueue(batch.ToArray());
            return Task.CompletedTask;
        }
    }
}
