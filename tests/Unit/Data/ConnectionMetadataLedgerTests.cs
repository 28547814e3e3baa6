using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayEngine.Connections;
using RelayEngine.Ledger;
using RelayWeb.Data;
using RelayWeb.Services;

namespace RelayWeb.UnitTests.Data;

/// <summary>Mihomo's metadata through the ledger: upsert, read back, host filter, resumed rows.</summary>
public sealed class ConnectionMetadataLedgerTests : IAsyncLifetime
{
    private static readonly ConnectionMetadata Metadata = new()
    {
        Type = "Socks5",
        Host = "example.com",
        SniffHost = "www.example.com",
        Process = "curl",
        ProcessPath = "/usr/bin/curl",
        InboundName = "DEFAULT-MIXED",
        InboundUser = "alice",
        DestinationIp = "93.184.216.34",
        DestinationPort = 443,
        Chains = ["HK-01", "Proxy"],
        Rule = "DomainSuffix",
        RulePayload = "example.com",
    };

    private TestDatabase _database = null!;
    private DbLedgerSink _sink = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _sink = _database.Services.GetRequiredService<DbLedgerSink>();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task WriteAsync_SnapshotWithMetadata_StoredInColumnsAndReadBack()
    {
        // Arrange
        var open = LedgerSnapshots.Open(relayId: "mihomo") with { Metadata = Metadata };

        // Act
        await _sink.WriteAsync([open], CancellationToken.None);
        var page = await _database.Services.GetRequiredService<IConnectionQueries>().QueryAsync(new ConnectionQuery());
        await using var db = await _database.CreateDbContextAsync();
        var row = await db.Connections.AsNoTracking().SingleAsync();

        // Assert
        Assert.Equal(Metadata, Assert.Single(page.Items).Metadata);
        Assert.Equal("[\"HK-01\",\"Proxy\"]", row.Chains);
        Assert.Equal("Socks5", row.InboundType);
        Assert.Equal(443, row.DestinationPort);
    }

    [Fact]
    public async Task WriteAsync_RelayedConnection_NoMetadataColumnsAndNullMetadata()
    {
        // Arrange
        var open = LedgerSnapshots.Open();

        // Act
        await _sink.WriteAsync([open], CancellationToken.None);
        var stored = (await _database.Services.GetRequiredService<IConnectionQueries>().QueryAsync(new ConnectionQuery())).Items.Single();

        // Assert
        Assert.Null(stored.Metadata);
    }

    [Fact]
    public async Task WriteAsync_LaterSnapshotWithoutMetadata_KeepsStoredMetadata()
    {
        // Arrange
        var open = LedgerSnapshots.Open(relayId: "mihomo") with { Metadata = Metadata };
        await _sink.WriteAsync([open], CancellationToken.None);

        // Act
        await _sink.WriteAsync([LedgerSnapshots.Closed(open with { Metadata = null }, TimeSpan.FromSeconds(1), bytesUp: 9)], CancellationToken.None);
        await using var db = await _database.CreateDbContextAsync();
        var row = await db.Connections.AsNoTracking().SingleAsync();

        // Assert
        Assert.False(row.IsOpen);
        Assert.Equal(9, row.BytesUp);
        Assert.Equal(Metadata, ConnectionMapper.ToMetadata(row));
    }

    [Theory]
    [InlineData("EXAMPLE.com", 2)]
    [InlineData("www.", 1)]
    [InlineData("nothing", 0)]
    public async Task QueryAsync_HostFilter_MatchesHostOrSniffedHostSubstring(string host, int expected)
    {
        // Arrange
        await _sink.WriteAsync(
        [
            LedgerSnapshots.Open(relayId: "mihomo") with { Metadata = Metadata },
            LedgerSnapshots.Open(relayId: "mihomo") with { Metadata = new ConnectionMetadata { SniffHost = "cdn.example.com" } },
            LedgerSnapshots.Open(target: "example.com:443"),
        ], CancellationToken.None);

        // Act
        var page = await _database.Services.GetRequiredService<IConnectionQueries>().QueryAsync(new ConnectionQuery { Host = host });

        // Assert
        Assert.Equal(expected, page.Total);
    }

    [Fact]
    public async Task CloseStaleOpenConnectionsAsync_ResumedRelay_LeftOpenOthersClosed()
    {
        // Arrange
        var mihomo = LedgerSnapshots.Open(relayId: "mihomo") with { Metadata = Metadata };
        var relayed = LedgerSnapshots.Open(relayId: "web");
        await _sink.WriteAsync([mihomo, relayed], CancellationToken.None);

        // Act
        var closed = await _sink.CloseStaleOpenConnectionsAsync("local", LedgerSnapshots.Start.AddMinutes(1), ["mihomo"], CancellationToken.None);
        var reader = _database.Services.GetRequiredService<ILedgerReader>();
        var resumable = await reader.GetOpenConnectionsAsync("local", "mihomo", CancellationToken.None);

        // Assert
        Assert.Equal(1, closed);
        var row = Assert.Single(resumable);
        Assert.Equal(mihomo.Id, row.Id);
        Assert.Equal(Metadata, row.Metadata);
        Assert.Empty(await reader.GetOpenConnectionsAsync("edge-1", "mihomo", CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"a\":1}")]
    public void ChainsFromJson_MissingOrUnreadable_Empty(string? json) => Assert.Empty(ConnectionMapper.ChainsFromJson(json));

    [Fact]
    public void ChainsToJson_Unicode_RoundTrips()
    {
        // Arrange
        IReadOnlyList<string> chains = ["🇭🇰 香港 01", "节点选择", "a\"b"];

        // Act & Assert
        Assert.Equal(chains, ConnectionMapper.ChainsFromJson(ConnectionMapper.ChainsToJson(chains)));
    }
}
