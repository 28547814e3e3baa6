using RelayEngine.Connections;
using RelayWeb.AgentSync;
using RelayWeb.Api.Contracts;
using RelayWeb.UnitTests.Data;
using static RelayWeb.UnitTests.Web.AgentSync.FakeMasterClient;

namespace RelayWeb.UnitTests.Web.AgentSync;

/// <summary>The cursor and batching logic of agent sync, on a real SQLite ledger against an in-memory master.</summary>
public sealed class AgentSyncServiceTests : IAsyncLifetime
{
    private AgentSyncHarness _agent = null!;

    public async Task InitializeAsync() => _agent = await AgentSyncHarness.CreateAsync(batchSize: 100);

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task Round_BacklogOfSeveralBatches_SendsEverythingOldestFirstInBoundedBatches()
    {
        // Arrange
        await _agent.WriteAsync(AgentSyncHarness.Closed(250));

        // Act
        await _agent.RoundAsync();

        // Assert
        var seqs = _agent.Master.Requests.SelectMany(r => r.Records!).Select(r => r!.Seq).ToList();
        Assert.Equal([100, 100, 50], _agent.Master.Requests.Select(r => r.Records!.Count));
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), seqs);
        Assert.Equal(250, _agent.Master.Stored.Count);
        Assert.Equal(250, await _agent.CursorAsync());
        Assert.Equal(AgentSyncMode.Level, _agent.State.Current.Mode);
        Assert.Equal(0, _agent.State.Current.Backlog);
    }

    [Fact]
    public async Task Round_HeartbeatCarriesTheBacklogCountingDown()
    {
        // Arrange
        await _agent.WriteAsync(AgentSyncHarness.Closed(250));

        // Act
        await _agent.RoundAsync();

        // Assert
        Assert.Equal([250L, 150L, 50L], _agent.Master.Requests.Select(r => r.Heartbeat!.Backlog));
        Assert.All(_agent.Master.Requests, r => Assert.Equal(AgentSyncHarness.AgentId, r.AgentId));
    }

    [Fact]
    public async Task Round_MasterUnreachable_CursorStays_NextRoundSendsTheSameRecords()
    {
        // Arrange
        await _agent.WriteAsync(AgentSyncHarness.Closed(30));
        _agent.Master.Next.Enqueue(Step.Unreachable);

        // Act
        var failure = await Assert.ThrowsAsync<SyncFailedException>(_agent.RoundAsync);
        var cursorAfterFailure = await _agent.CursorAsync();
        await _agent.RoundAsync();

        // Assert
        Assert.Equal(SyncFailureKind.Unreachable, failure.Kind);
        Assert.Equal(0, cursorAfterFailure);
        Assert.Equal(_agent.Master.Requests[0].Records!.Select(r => r!.Id), _agent.Master.Requests[1].Records!.Select(r => r!.Id));
        Assert.Equal(30, await _agent.CursorAsync());
    }

    [Fact]
    public async Task Round_AnswerLostAfterTheMasterStored_BatchSentAgain_MasterStillHasOneCopy()
    {
        // Arrange: the master commits the first batch, but the agent never hears back (killed, or the answer was cut).
        await _agent.WriteAsync(AgentSyncHarness.Closed(150));
        _agent.Master.Next.Enqueue(Step.StoreThenLoseAnswer);

        // Act
        await Assert.ThrowsAsync<SyncFailedException>(_agent.RoundAsync);
        await _agent.RoundAsync();

        // Assert
        Assert.Equal(250, _agent.Master.RecordWrites); // 100 twice, then 50
        Assert.Equal(150, _agent.Master.Stored.Count);
        Assert.Equal(Enumerable.Range(1, 150).Sum(), _agent.Master.Stored.Values.Sum(r => r.BytesUp));
        Assert.Equal(150, await _agent.CursorAsync());
    }

    [Fact]
    public async Task Round_RecordChangedAfterItWasSent_SentAgainWithAHigherSeq()
    {
        // Arrange: an open connection goes up, then closes with more bytes.
        var open = LedgerSnapshots.Open(agentId: AgentSyncHarness.AgentId, bytesUp: 10);
        await _agent.WriteAsync(open);
        await _agent.RoundAsync();

        // Act
        await _agent.WriteAsync(LedgerSnapshots.Closed(open, TimeSpan.FromSeconds(30), CloseReason.TargetClosed, bytesUp: 4096));
        await _agent.RoundAsync();

        // Assert
        var sent = _agent.Master.Requests.SelectMany(r => r.Records!).ToList();
        Assert.Equal(2, sent.Count);
        Assert.True(sent[1]!.Seq > sent[0]!.Seq);
        var stored = Assert.Single(_agent.Master.Stored.Values);
        Assert.Equal(4096, stored.BytesUp);
        Assert.Equal("target_closed", stored.CloseReason);
    }

    [Fact]
    public async Task Round_PartialAcknowledgement_CursorAtTheAcknowledgedSeq_RestSentAgain()
    {
        // Arrange
        await _agent.WriteAsync(AgentSyncHarness.Closed(60));
        _agent.Master.Next.Enqueue(Step.AcknowledgeHalf);

        // Act
        await _agent.RoundAsync();

        // Assert
        Assert.Equal([60, 30], _agent.Master.Requests.Select(r => r.Records!.Count));
        Assert.Equal(31, _agent.Master.Requests[1].Records![0]!.Seq);
        Assert.Equal(60, await _agent.CursorAsync());
    }

    [Fact]
    public async Task Round_MasterSays413_BatchSizeHalvedUntilItFits()
    {
        // Arrange
        await _agent.WriteAsync(AgentSyncHarness.Closed(100));
        _agent.Master.MaxRecords = 30;

        // Act
        await _agent.RoundAsync();

        // Assert
        Assert.Equal(25, _agent.Service.BatchSize);
        Assert.Equal(100, _agent.Master.Stored.Count);
        Assert.Equal(100, await _agent.CursorAsync());
    }

    [Fact]
    public async Task Round_TokenRejected_ReportedAsRejected_NothingMarkedSynced()
    {
        // Arrange
        await _agent.WriteAsync(AgentSyncHarness.Closed(5));
        _agent.Master.Next.Enqueue(Step.Rejected);

        // Act
        var failure = await Assert.ThrowsAsync<SyncFailedException>(_agent.RoundAsync);

        // Assert
        Assert.Equal(SyncFailureKind.Rejected, failure.Kind);
        Assert.Equal(0, await _agent.CursorAsync());
        Assert.Empty(_agent.Master.Stored);
    }

    [Fact]
    public async Task Round_OtherAgentsRows_NotSent()
    {
        // Arrange: a row left by this database's previous agent id.
        await _agent.WriteAsync(LedgerSnapshots.Closed(LedgerSnapshots.Open(agentId: "old-name"), TimeSpan.FromSeconds(1)));
        await _agent.WriteAsync(AgentSyncHarness.Closed(3));

        // Act
        await _agent.RoundAsync();

        // Assert
        Assert.Equal(3, _agent.Master.Stored.Count);
    }

    [Fact]
    public async Task Round_NewAssignment_AppliedPersistedAndItsRevisionReported()
    {
        // Arrange
        _agent.Master.Assignment = new AgentAssignmentDto("rev-1", [new AssignedRelayDto
        {
            Id = "r1", Name = "web", Protocol = RelayEngine.Configuration.RelayProtocol.Tcp, Listen = "127.0.0.1:0", Targets = ["127.0.0.1:9"],
            Strategy = RelayEngine.Configuration.TargetStrategy.Failover, Enabled = true,
        }]);

        // Act
        await _agent.RoundAsync();
        await _agent.RoundAsync();
        var reloaded = new AssignmentEngineConfigProvider(_agent.Outbox,
            Microsoft.Extensions.Options.Options.Create(new RelayEngine.Management.RelayEngineOptions { AgentId = AgentSyncHarness.AgentId }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AssignmentEngineConfigProvider>.Instance);
        await reloaded.LoadAsync(CancellationToken.None);

        // Assert
        Assert.Null(_agent.Master.Requests[0].AssignmentRevision);
        Assert.Equal("rev-1", _agent.Master.Requests[1].AssignmentRevision);
        var relay = Assert.Single(_agent.Assignment.GetConfig().Relays);
        Assert.Equal(AgentSyncHarness.AgentId, relay.AgentId);
        Assert.Equal("rev-1", reloaded.GetConfig().RevisionId);
        Assert.Equal(relay, Assert.Single(reloaded.GetConfig().Relays));
    }
}
