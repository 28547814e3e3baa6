using Microsoft.Extensions.DependencyInjection;
using RelayEngine.Connections;
using RelayWeb.Data;
using RelayWeb.Services;

namespace RelayWeb.UnitTests.Data;

public sealed class ConnectionQueriesTests : IAsyncLifetime
{
    private static readonly DateTime T0 = LedgerSnapshots.Start;

    // Five rows written through the real sink, with ids in the rows' order (ties in a sort field are broken by id).
    private readonly ConnectionSnapshot _webOpen = LedgerSnapshots.Open(TestId(1), relayId: "web", startUtc: T0, bytesUp: 10, bytesDown: 500, source: "10.0.0.1:4000", target: "app-1.internal:8080");
    private readonly ConnectionSnapshot _webClosed = LedgerSnapshots.Closed(
        LedgerSnapshots.Open(TestId(2), relayId: "web", startUtc: T0.AddMinutes(1), source: "10.0.0.2:4001", target: "app-2.internal:8080"),
        TimeSpan.FromSeconds(30), CloseReason.ClientClosed, 300, 100);
    private readonly ConnectionSnapshot _dnsClosed = LedgerSnapshots.Closed(
        LedgerSnapshots.Open(TestId(3), relayId: "dns", startUtc: T0.AddMinutes(2), source: "192.168.1.9:5353", target: "8.8.8.8:53"),
        TimeSpan.FromSeconds(5), CloseReason.IdleTimeout, 20, 40);
    private readonly ConnectionSnapshot _edgeOpen = LedgerSnapshots.Open(TestId(4), agentId: "edge-1", relayId: "web", startUtc: T0.AddMinutes(3), bytesUp: 1000, source: "10.1.0.1:4002", target: null);
    private readonly ConnectionSnapshot _webOpen2 = LedgerSnapshots.Open(TestId(5), relayId: "web", startUtc: T0.AddMinutes(4), bytesUp: 1, source: "10.0.0.3:4003", target: "app-1.internal:8080");

    private TestDatabase _database = null!;
    private IConnectionQueries _queries = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _queries = _database.Services.GetRequiredService<IConnectionQueries>();
        await _database.Services.GetRequiredService<DbLedgerSink>()
            .WriteAsync([_webOpen, _webClosed, _dnsClosed, _edgeOpen, _webOpen2], CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task QueryAsync_Default_AllRowsNewestFirst()
    {
        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery());

        // Assert
        Assert.Equal(5, page.Total);
        Assert.Equal(Ids(_webOpen2, _edgeOpen, _dnsClosed, _webClosed, _webOpen), page.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task QueryAsync_RelayFilter_OnlyThatRelay()
    {
        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { Relay = "dns" });

        // Assert
        Assert.Equal(Ids(_dnsClosed), page.Items.Select(c => c.Id));
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task QueryAsync_AgentFilter_OnlyThatAgent()
    {
        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { Agent = "edge-1" });

        // Assert
        Assert.Equal(Ids(_edgeOpen), page.Items.Select(c => c.Id));
    }

    [Theory]
    [InlineData("open", 3)]
    [InlineData("OPEN", 3)]
    [InlineData("closed", 2)]
    [InlineData(null, 5)]
    public async Task QueryAsync_StateFilter_OpenOrClosedRows(string? state, int expected)
    {
        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { State = state });

        // Assert
        Assert.Equal(expected, page.Total);
        Assert.All(page.Items, c => Assert.True(state is null || c.IsOpen == state.Equals("open", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task QueryAsync_UnknownState_ThrowsArgumentException()
    {
        // Act + Assert
        await Assert.ThrowsAsync<ArgumentException>(() => _queries.QueryAsync(new ConnectionQuery { State = "half-open" }));
    }

    [Fact]
    public async Task QueryAsync_SourceSubstring_MatchingRows()
    {
        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { Source = "10.0.0." });

        // Assert
        Assert.Equal(Ids(_webOpen2, _webClosed, _webOpen), page.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task QueryAsync_TargetSubstringAnyCase_MatchingRowsAndWildcardsLiteral()
    {
        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { Target = "APP-1" });
        var wildcard = await _queries.QueryAsync(new ConnectionQuery { Target = "%" });

        // Assert
        Assert.Equal(Ids(_webOpen2, _webOpen), page.Items.Select(c => c.Id));
        Assert.Equal(0, wildcard.Total);
    }

    [Fact]
    public async Task QueryAsync_SinceAndUntil_BoundStartTime()
    {
        // Act: since is inclusive, until exclusive.
        var page = await _queries.QueryAsync(new ConnectionQuery { Since = T0.AddMinutes(1), Until = T0.AddMinutes(3) });

        // Assert
        Assert.Equal(Ids(_dnsClosed, _webClosed), page.Items.Select(c => c.Id));
    }

    [Theory]
    [InlineData("start", false, new[] { 0, 1, 2, 3, 4 })]
    [InlineData("end", true, new[] { 2, 1, 4, 3, 0 })]
    [InlineData("bytesUp", true, new[] { 3, 1, 2, 0, 4 })]
    [InlineData("BYTESDOWN", false, new[] { 3, 4, 2, 1, 0 })]
    [InlineData("durationMs", true, new[] { 1, 2, 4, 3, 0 })]
    [InlineData("source", false, new[] { 0, 1, 4, 3, 2 })]
    [InlineData("target", false, new[] { 3, 2, 0, 4, 1 })]
    [InlineData("relayId", false, new[] { 2, 0, 1, 3, 4 })]
    public async Task QueryAsync_Sort_OrdersByFieldThenId(string sort, bool descending, int[] expectedOrder)
    {
        // Arrange
        ConnectionSnapshot[] rows = [_webOpen, _webClosed, _dnsClosed, _edgeOpen, _webOpen2];

        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { Sort = sort, Descending = descending });

        // Assert
        Assert.Equal(expectedOrder.Select(i => rows[i].Id), page.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task QueryAsync_UnknownSort_ThrowsArgumentException()
    {
        // Act + Assert
        await Assert.ThrowsAsync<ArgumentException>(() => _queries.QueryAsync(new ConnectionQuery { Sort = "color" }));
    }

    [Fact]
    public async Task QueryAsync_OffsetAndLimit_PageAndTotalOfFilteredSet()
    {
        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { Relay = "web", Sort = "start", Descending = false, Offset = 1, Limit = 2 });

        // Assert
        Assert.Equal(4, page.Total);
        Assert.Equal(Ids(_webClosed, _edgeOpen), page.Items.Select(c => c.Id));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(100_000, 5)]
    public async Task QueryAsync_LimitOutOfRange_Clamped(int limit, int expectedCount)
    {
        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { Limit = limit, Offset = -3 });

        // Assert
        Assert.Equal(expectedCount, page.Items.Count);
        Assert.Equal(5, page.Total);
    }

    [Fact]
    public async Task QueryAsync_OpenRowKnownToEngine_OverlaidWithLiveCounters()
    {
        // Arrange
        _database.Live.SetOpen(_webOpen with { BytesUp = 12_345, BytesDown = 67_890 });
        _database.Live.SetOpen(_webClosed with { EndUtc = null, BytesUp = 999_999 }); // the row is closed: never overlaid

        // Act
        var page = await _queries.QueryAsync(new ConnectionQuery { Relay = "web" });

        // Assert
        var items = page.Items.ToDictionary(c => c.Id);
        Assert.Equal((12_345L, 67_890L), (items[_webOpen.Id].BytesUp, items[_webOpen.Id].BytesDown));
        Assert.True(items[_webOpen.Id].IsOpen);
        Assert.Equal(300, items[_webClosed.Id].BytesUp);
        Assert.False(items[_webClosed.Id].IsOpen);
        Assert.Equal(1, items[_webOpen2.Id].BytesUp); // open, unknown to the engine: as stored
    }

    [Fact]
    public async Task GetAsync_SameIdOnTwoAgents_PrefersLocalAgent()
    {
        // Arrange
        var remote = _webOpen with { AgentId = "edge-1", BytesUp = 77 };
        await _database.Services.GetRequiredService<DbLedgerSink>().WriteAsync([remote], CancellationToken.None);

        // Act
        var found = await _queries.GetAsync(_webOpen.Id);

        // Assert
        Assert.Equal("local", found!.AgentId);
    }

    [Fact]
    public async Task GetAsync_RemoteOnly_ReturnsRemoteRow()
    {
        // Act
        var found = await _queries.GetAsync(_edgeOpen.Id);

        // Assert
        Assert.Equal(("edge-1", 1000L), (found!.AgentId, found.BytesUp));
    }

    [Fact]
    public async Task GetAsync_NotYetInLedgerButLive_ReturnsLiveSnapshotElseNull()
    {
        // Arrange
        var live = LedgerSnapshots.Open(bytesUp: 5);
        _database.Live.SetOpen(live);

        // Act
        var found = await _queries.GetAsync(live.Id);
        var missing = await _queries.GetAsync(Guid.CreateVersion7());

        // Assert
        Assert.Equal(live, found);
        Assert.Null(missing);
    }

    [Fact]
    public async Task ExportAsync_MoreRowsThanLimit_StreamsEveryMatchIgnoringPaging()
    {
        // Arrange
        _database.Live.SetOpen(_webOpen with { BytesUp = 4242 });

        // Act
        var rows = new List<ConnectionSnapshot>();
        await foreach (var row in _queries.ExportAsync(new ConnectionQuery { Relay = "web", Offset = 2, Limit = 1 }))
        {
            rows.Add(row);
        }

        // Assert
        Assert.Equal(Ids(_webOpen2, _edgeOpen, _webClosed, _webOpen), rows.Select(c => c.Id));
        Assert.Equal(4242, rows[^1].BytesUp);
    }

    private static Guid TestId(int n) => new($"00000000-0000-7000-8000-{n:D12}");

    private static Guid[] Ids(params ConnectionSnapshot[] rows) => rows.Select(r => r.Id).ToArray();
}
