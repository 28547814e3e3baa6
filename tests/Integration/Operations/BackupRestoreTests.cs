using System.Net;
using RelayData;
using RelayWeb.Api.Contracts;

namespace RelayWeb.IntegrationTests.Operations;

/// <summary>
/// The whole backup story with the real binary: a backup taken through the API while relays carry traffic, downloaded,
/// restored with <c>relay restore</c> into a fresh data directory, and a new Relay started on it finds every relay,
/// connection and setting. Also <c>relay backup</c> while the app runs, and the refusals.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task Restore_BackupIntoAFreshDataDirectory_EveryRelayConnectionAndSettingComesBack()
    {
        // Arrange: two relays, traffic through one, changed settings and a changed job schedule.
        await using var echo = new LoopbackEchoServer();
        var source = new RelayWebFactory();
        await source.InitializeAsync();
        List<RelayDto> relays;
        List<string> connectionIds;
        var backupFile = Path.Combine(Path.GetTempPath(), "relay-backup-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        try
        {
            using var admin = source.CreateAdminClient();
            var web = await admin.CreateTcpRelayAsync("web", echo.Address);
            await admin.CreateTcpRelayAsync("ssh", echo.Address);
            for (var i = 0; i < 3; i++)
            {
                await using var tcp = await TcpTestClient.ConnectAsync(web.BoundEndpoint!);
                Assert.Equal("ping", await tcp.EchoAsync("ping"));
            }
            await Eventually.UntilAsync(async () => (await ConnectionIdsAsync(admin)).Count == 3, "three closed connections in the ledger");
            Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync("/api/v1/settings", new { retentionDays = new Dictionary<string, int> { ["ledger"] = 45 }, backupKeep = 3 })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync("/api/v1/jobs/database-backup", new { cron = "15 1 * * *" })).StatusCode);
            relays = await (await admin.GetWithTimeoutAsync("/api/v1/relays")).ReadJsonAsync<List<RelayDto>>();
            connectionIds = await ConnectionIdsAsync(admin);

            // Act 1: back up through the API and download the file.
            var started = await admin.PostEmptyAsync("/api/v1/backups");
            await Eventually.UntilAsync(async () => (await (await admin.GetWithTimeoutAsync(started.Headers.Location!.ToString())).ReadJsonAsync<JobRunDto>()).Outcome == "succeeded",
                "the backup to succeed");
            var name = (await (await admin.GetWithTimeoutAsync("/api/v1/backups")).ReadJsonAsync<BackupListDto>()).Backups[0].Name;
            await File.WriteAllBytesAsync(backupFile, await (await admin.GetWithTimeoutAsync("/api/v1/backups/" + name)).Content.ReadAsByteArrayAsync());
        }
        finally
        {
            await source.DisposeAsync();
        }

        // Act 2: restore into a data directory that has never seen Relay, then start Relay on it.
        var fresh = Path.Combine(Path.GetTempPath(), "relay-restored-" + Guid.NewGuid().ToString("N")[..12]);
        var (exit, stdout, stderr) = await RelayProcess.RunAsync("restore", backupFile, "--data-dir", fresh);
        File.Delete(backupFile);
        await using var restored = new RelayWebFactory { DataDirectory = fresh };
        await restored.InitializeAsync();
        using var client = restored.CreateAdminClient();

        // Assert
        Assert.True(exit == 0, $"relay restore exited {exit}: {stdout} {stderr}");
        Assert.Contains("2 relay(s), 3 connection(s)", stdout);
        var restoredRelays = await (await client.GetWithTimeoutAsync("/api/v1/relays")).ReadJsonAsync<List<RelayDto>>();
        Assert.Equal(relays.Select(r => (r.Id, r.Name, r.Listen, string.Join(",", r.Targets))).Order(),
            restoredRelays.Select(r => (r.Id, r.Name, r.Listen, string.Join(",", r.Targets))).Order());
        Assert.Equal(connectionIds.Order(), (await ConnectionIdsAsync(client)).Order());
        var settings = await (await client.GetWithTimeoutAsync("/api/v1/settings")).ReadJsonAsync<SettingsDto>();
        Assert.Equal((45, 3), (settings.RetentionDays!["ledger"], settings.BackupKeep!.Value));
        Assert.Equal("15 1 * * *", (await (await client.GetWithTimeoutAsync("/api/v1/jobs/database-backup")).ReadJsonAsync<JobDto>()).Cron);
    }

    [Fact]
    public async Task BackupCommand_WhileTheAppRuns_WritesAConsistentBackup_AndRestoreCommandRefuses()
    {
        // Arrange
        await using var factory = new RelayWebFactory();
        await factory.InitializeAsync();
        using var admin = factory.CreateAdminClient();
        await using var echo = new LoopbackEchoServer();
        await admin.CreateTcpRelayAsync("live", echo.Address);
        var output = Path.Combine(factory.DataDirectory, "manual.db");

        // Act
        var backup = await RelayProcess.RunAsync("backup", "--data-dir", factory.DataDirectory, "--output", output);
        var restore = await RelayProcess.RunAsync("restore", output, "--data-dir", factory.DataDirectory);
        var (inspection, error) = await RelayWeb.Backups.DatabaseRestore.InspectAsync(output, CancellationToken.None);

        // Assert
        Assert.True(backup.ExitCode == 0, backup.StdErr);
        Assert.Contains("Backed up", backup.StdOut);
        Assert.Null(error);
        Assert.Equal(1, inspection!.Relays);
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("running Relay", restore.StdErr);
        Assert.True(File.Exists(RelayDatabaseLock.LockPathFor(Path.Combine(factory.DataDirectory, "relay.db"))));
    }

    [Fact]
    public async Task Commands_DatabaseOutsideTheDataDirectory_BackupBesideItAndRestoreIntoIt()
    {
        // Arrange: a database file of its own (as relay master --database ./master.db keeps it).
        await using var factory = new RelayWebFactory();
        await factory.InitializeAsync();
        var elsewhere = Path.Combine(Path.GetTempPath(), "relay-master-" + Guid.NewGuid().ToString("N")[..8]);
        var master = Path.Combine(elsewhere, "master.db");
        Assert.Equal(0, (await RelayProcess.RunAsync("backup", "--data-dir", factory.DataDirectory, "--output", master)).ExitCode);
        var restoredInto = Path.Combine(elsewhere, "other", "custom.db");
        try
        {
            // Act
            var backup = await RelayProcess.RunAsync("backup", "--database", master);
            var written = Directory.GetFiles(Path.Combine(elsewhere, "backups"), "relay-*.db");
            var restore = await RelayProcess.RunAsync("restore", written.Single(), "--database", restoredInto);

            // Assert
            Assert.True(backup.ExitCode == 0, backup.StdErr);
            Assert.True(restore.ExitCode == 0, restore.StdErr);
            Assert.Null((await RelayWeb.Backups.DatabaseRestore.InspectAsync(restoredInto, CancellationToken.None)).Error);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Theory]
    [InlineData("restore", "/nonexistent/backup.db")]
    [InlineData("restore")]
    [InlineData("backup", "--data-dir", "/nonexistent/relay-data")]
    [InlineData("backup", "--bogus")]
    public async Task Commands_BadInput_Exit2WithOneLine(params string[] args)
    {
        // Act
        var (exit, _, stderr) = await RelayProcess.RunAsync(args);

        // Assert
        Assert.Equal(2, exit);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("relay ", stderr);
    }

    [Theory]
    [InlineData("backup")]
    [InlineData("restore")]
    public async Task Commands_Help_ExplainEveryOption(string command)
    {
        // Act
        var (exit, stdout, _) = await RelayProcess.RunAsync(command, "--help");

        // Assert
        Assert.Equal(0, exit);
        Assert.Contains("--data-dir", stdout);
        Assert.Contains("RELAY_DATA_DIR", stdout);
        if (command == "backup") Assert.Contains("--output", stdout);
        else Assert.Contains("before-restore", stdout);
    }

    private static async Task<List<string>> ConnectionIdsAsync(HttpClient client)
    {
        var page = await (await client.GetWithTimeoutAsync("/api/v1/connections?limit=1000")).ReadJsonElementAsync();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
    }
}
