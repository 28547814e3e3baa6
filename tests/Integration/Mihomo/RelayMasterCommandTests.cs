using RelayWeb.IntegrationTests.Infrastructure;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using RelayWeb.Cli;
using RelayWeb.IntegrationTests.Mihomo.Infrastructure;

namespace RelayWeb.IntegrationTests.Mihomo;

/// <summary><c>relay master</c> with the Mihomo tracker's flags, run in-process as the CLI runs it.</summary>
public sealed class RelayMasterCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-master-test-").FullName;

    [Fact]
    public async Task Master_WithMihomoHost_CollectsConnectionsIntoItsDatabase()
    {
        // Arrange
        await using var controller = await FakeMihomoController.StartAsync("mihomo-secret");
        var connection = new FakeMihomoConnection { Upload = 10, Download = 20 };
        controller.Upsert(connection);
        var database = Path.Combine(_directory, "master.db");
        var listenPort = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listenPort}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "api-secret");
        string[] args =
        [
            "master", "--database", database, "--listen-host", "127.0.0.1", "--listen-port", listenPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--api-token", "api-secret", "--mihomo-host", "127.0.0.1", "--mihomo-port", controller.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--mihomo-token", "mihomo-secret",
        ];
        using var stop = new CancellationTokenSource();

        // Act
        var run = Task.Run(() => RelayCommandLine.RunAsync(args, stop.Token));
        await Eventually.UntilAsync(async () => await RowAsync(database, connection.Id) is { IsOpen: true }, "the master records the open connection", TestTimeouts.Long);
        controller.SetCounters(connection.Id, 4096, 8192);
        controller.Remove(connection.Id);
        await Eventually.UntilAsync(async () => await RowAsync(database, connection.Id) is { IsOpen: false }, "the master records the close");
        await Eventually.UntilAsync(() => IsListeningAsync(http), "the API is up", TestTimeouts.Long);
        var listed = await http.GetStringAsync("/api/v1/connections?relay=mihomo");
        var byHost = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v1/connections?host=example.com")).RootElement;
        var noHost = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v1/connections?host=nowhere.invalid")).RootElement;
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TestTimeouts.Long);

        // Assert
        Assert.Equal(0, exitCode);
        var item = Assert.Single(byHost.GetProperty("items").EnumerateArray());
        Assert.Equal("example.com", item.GetProperty("host").GetString());
        Assert.Equal(["HK-01", "Proxy"], item.GetProperty("chains").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("DomainSuffix", item.GetProperty("rule").GetString());
        Assert.Equal("example.com", item.GetProperty("rulePayload").GetString());
        Assert.Equal(0, noHost.GetProperty("total").GetInt32());
        var row = await RowAsync(database, connection.Id);
        Assert.NotNull(row);
        Assert.Equal("example.com", row.Host);
        Assert.Equal("[\"HK-01\",\"Proxy\"]", row.Chains);
        Assert.Equal("DomainSuffix", row.Rule);
        Assert.Equal("target_closed", row.CloseReason);
        Assert.True(Directory.Exists(Path.Combine(_directory, "logs")), "logs go beside --database");
        Assert.Contains(connection.Id, listed, StringComparison.OrdinalIgnoreCase); // the API (--api-token) serves the same ledger
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static async Task<bool> IsListeningAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/api/v1/health");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort() => RelayBinary.FreeTcpPort();

    private static async Task<StoredRow?> RowAsync(string database, string id)
    {
        if (!File.Exists(database)) return null;
        try
        {
            await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "IsOpen", "Host", "Chains", "Rule", "CloseReason" FROM "connections" WHERE "Id" = $id""";
            command.Parameters.AddWithValue("$id", Guid.Parse(id).ToString("D").ToUpperInvariant());
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) return null;
            return new StoredRow(reader.GetBoolean(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }
        catch (SqliteException)
        {
            return null; // not migrated yet
        }
    }

    private sealed record StoredRow(bool IsOpen, string Host, string Chains, string Rule, string? CloseReason);
}
