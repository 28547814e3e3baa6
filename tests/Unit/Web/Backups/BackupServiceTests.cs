using Microsoft.Extensions.DependencyInjection;
using RelayWeb.Backups;
using RelayWeb.Settings;
using RelayWeb.UnitTests.Data;
using RelayWeb.UnitTests.Web.Retention;

namespace RelayWeb.UnitTests.Web.Backups;

public sealed class BackupServiceTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private BackupService _backups = null!;

    public async Task InitializeAsync()
    {
        _database = await OperationsTestDatabase.CreateAsync();
        _backups = _database.Services.GetRequiredService<BackupService>();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task CreateAsync_NamedByUtcTimeInTheBackupsDirectory_AndListedWithSizeAndTime()
    {
        // Act
        var result = await _backups.CreateAsync(null, CancellationToken.None);

        // Assert: the fake clock says 2026-11-21 12:00:00 UTC.
        Assert.Equal("relay-20261121-120000.db", result.File.Name);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(_database.DatabasePath)!, "backups", result.File.Name), result.File.FullPath);
        var listed = Assert.Single(_backups.List());
        Assert.Equal(new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc), listed.CreatedUtc);
        Assert.Equal(new FileInfo(result.File.FullPath).Length, listed.SizeBytes);
        Assert.Empty(Directory.GetFiles(_backups.BackupDirectory, "*.partial"));
    }

    [Fact]
    public async Task CreateAsync_TwiceInOneSecond_SecondGetsASuffix()
    {
        // Act
        var first = await _backups.CreateAsync(null, CancellationToken.None);
        var second = await _backups.CreateAsync(null, CancellationToken.None);

        // Assert
        Assert.Equal("relay-20261121-120000.db", first.File.Name);
        Assert.Equal("relay-20261121-120000-2.db", second.File.Name);
        Assert.Equal(2, _backups.List().Count);
    }

    [Fact]
    public async Task CreateAsync_MoreThanKeep_OldestDeletedAndForeignFilesLeftAlone()
    {
        // Arrange
        await _database.Services.GetRequiredService<OperationsSettingsService>().UpdateAsync(null, 2, "user:admin");
        Directory.CreateDirectory(_backups.BackupDirectory);
        var foreign = Path.Combine(_backups.BackupDirectory, "my-notes.db");
        await File.WriteAllTextAsync(foreign, "keep me");

        // Act: three backups an hour apart.
        var names = new List<string>();
        BackupResult? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await _backups.CreateAsync(null, CancellationToken.None);
            names.Add(last.File.Name);
            _database.Time.Advance(TimeSpan.FromHours(1));
        }

        // Assert
        Assert.Equal([names[2], names[1]], _backups.List().Select(b => b.Name));
        Assert.Equal([names[0]], last!.Deleted);
        Assert.True(File.Exists(foreign));
    }

    [Theory]
    [InlineData("../relay.db")]
    [InlineData("relay.db")]
    [InlineData("relay-20261121-120000.db/../../relay.db")]
    [InlineData("relay-2026.db")]
    public async Task TryGet_NotABackupName_False(string name)
    {
        // Arrange
        await _backups.CreateAsync(null, CancellationToken.None);

        // Act + Assert
        Assert.False(_backups.TryGet(name, out _));
    }

    [Fact]
    public async Task TryGet_ExistingBackup_ItsFile()
    {
        // Arrange
        var created = await _backups.CreateAsync(null, CancellationToken.None);

        // Act
        var found = _backups.TryGet(created.File.Name, out var file);

        // Assert
        Assert.True(found);
        Assert.Equal(created.File.FullPath, file!.FullPath);
    }
}
