using System.Globalization;
using Microsoft.Data.Sqlite;
using RelayWeb.IntegrationTests.Mihomo.Infrastructure;
using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>
/// The tracker seed's agent: <c>relay agent --mihomo-host</c> collects a Mihomo controller's connections (a faithful fake
/// here) and the master receives them with their metadata (host, process, chains, rule) and final counters.
/// </summary>
[Collection(SyncProcessCollection.Name)]
public sealed class MihomoAgentTests
{
    [Fact]
    public async Task AgentWithMihomoSource_ClosedMihomoConnection_ReachesTheMasterWithItsMetadata()
    {
        // Arrange
        await using var mihomo = await FakeMihomoController.StartAsync("mihomo-secret");
        await using var cluster = await SyncCluster.StartAsync();
        var connection = new FakeMihomoConnection { Upload = 1200, Download = 34000 };
        mihomo.Upsert(connection);
        await cluster.Agent.StartAsync(MasterNode.ApiToken, extraArgs:
            ["--mihomo-host", "127.0.0.1", "--mihomo-port", mihomo.Port.ToString(CultureInfo.InvariantCulture), "--mihomo-token", "mihomo-secret"]);
        await cluster.WithLogsAsync(Eventually.GetAsync(() => LedgerFile.CountAsync(cluster.Master.DatabasePath, SyncCluster.AgentId), n => n == 1,
            "the open Mihomo connection to reach the master", TestTimeouts.Long));

        // Act: more traffic, then the connection ends.
        mihomo.AddTraffic(connection.Id, 800, 6000);
        // The source must have seen the new counters before the close (else the record keeps the last counters it saw).
        await cluster.WithLogsAsync(Eventually.GetAsync(() => ReadBytesUpAsync(cluster.Agent.DatabasePath), up => up == 2000,
            "the agent to record the new counters", TestTimeouts.Long));
        mihomo.Remove(connection.Id);
        await cluster.WaitMasterRecordsAsync(1);

        // Assert
        var row = await ReadMetadataAsync(cluster.Master.DatabasePath);
        Assert.Equal(("example.com", "curl", "[\"HK-01\",\"Proxy\"]", "DomainSuffix", 2000L, 40000L), row);
        var agentRow = await ReadMetadataAsync(cluster.Agent.DatabasePath);
        Assert.Equal(agentRow, row);
    }

    private static async Task<long> ReadBytesUpAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT COALESCE(MAX("BytesUp"), 0) FROM "connections" WHERE "AgentId" = 'edge-1'""";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(string? Host, string? Process, string? Chains, string? Rule, long Up, long Down)> ReadMetadataAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Host", "Process", "Chains", "Rule", "BytesUp", "BytesDown" FROM "connections" WHERE "AgentId" = 'edge-1' AND "IsOpen" = 0""";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5));
    }
}
