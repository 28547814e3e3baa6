using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RelayWeb.Hosting;
using RelayWeb.Settings;

namespace RelayWeb.Backups;

/// <summary>
/// Backups of the live database in <c>DATA_DIR/backups</c>: takes one (<see cref="SqliteOnlineBackup"/>, written as
/// <c>.partial</c> and renamed when complete, so a listed backup is always whole), keeps the newest <c>backup.keep</c> and
/// deletes older ones, lists them and resolves a name for download. Only files named <c>relay-YYYYMMDD-HHMMSS.db</c> are
/// backups: anything else in the directory is neither listed nor deleted.
/// </summary>
public sealed partial class BackupService
{
    private readonly OperationsSettingsService _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<BackupService> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public BackupService(IOptions<RelayWebOptions> options, OperationsSettingsService settings, TimeProvider time, ILogger<BackupService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        DatabasePath = options.Value.ResolveDatabasePath();
        BackupDirectory = Path.GetFullPath(Path.Combine(options.Value.DataDir, "backups"));
    }

    /// <summary>The live database that is backed up.</summary>
    public string DatabasePath { get; }

    /// <summary><c>DATA_DIR/backups</c>.</summary>
    public string BackupDirectory { get; }

    /// <summary>The default file name of a backup taken at <paramref name="utc"/>: <c>relay-20261121-030000.db</c>.</summary>
    public static string FileNameFor(DateTime utc) => "relay-" + utc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".db";

    /// <summary>True when <paramref name="name"/> is a backup file name (no directory part).</summary>
    public static bool IsBackupName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The backups, newest first.</summary>
    public IReadOnlyList<BackupFile> List()
    {
        if (!Directory.Exists(BackupDirectory)) return [];
        return new DirectoryInfo(BackupDirectory).EnumerateFiles("relay-*.db")
            .Where(f => IsBackupName(f.Name))
            .Select(ToBackupFile)
            .OrderByDescending(b => b.CreatedUtc).ThenByDescending(b => b.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Finds backup <paramref name="name"/>; false for names that are not backup names (so no path can escape the directory).</summary>
    public bool TryGet(string name, out BackupFile? backup)
    {
        backup = null;
        if (!IsBackupName(name)) return false;
        var file = new FileInfo(Path.Combine(BackupDirectory, name));
        if (!file.Exists) return false;
        backup = ToBackupFile(file);
        return true;
    }

    /// <summary>
    /// Takes a backup now and then deletes the oldest beyond <c>backup.keep</c>. One backup at a time: a second call waits.
    /// <paramref name="progress"/> receives the fraction copied.
    /// </summary>
    public async Task<BackupResult> CreateAsync(Action<double>? progress, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(BackupDirectory);
            var now = _time.GetUtcNow().UtcDateTime;
            var name = UniqueName(now);
            var finalPath = Path.Combine(BackupDirectory, name);
            var partialPath = Path.Combine(BackupDirectory, "." + name + ".partial");
            if (File.Exists(partialPath)) File.Delete(partialPath);

            var started = _time.GetTimestamp();
            var pages = await SqliteOnlineBackup.CopyAsync(DatabasePath, partialPath, progress, cancellationToken).ConfigureAwait(false);
            File.Move(partialPath, finalPath);
            var file = ToBackupFile(new FileInfo(finalPath));
            Log.Created(_logger, file.Name, file.SizeBytes, pages, _time.GetElapsedTime(started).TotalSeconds);

            var keep = (await _settings.GetAsync(cancellationToken).ConfigureAwait(false)).BackupKeep;
            var deleted = Prune(keep);
            return new BackupResult(file, pages, deleted);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the oldest backups so that at most <paramref name="keep"/> remain; returns the names deleted.</summary>
    public IReadOnlyList<string> Prune(int keep)
    {
        var deleted = new List<string>();
        foreach (var old in List().Skip(Math.Max(1, keep)))
        {
            try
            {
                File.Delete(old.FullPath);
                deleted.Add(old.Name);
                Log.Deleted(_logger, old.Name, keep);
            }
            catch (IOException ex)
            {
                Log.DeleteFailed(_logger, old.Name, ex);
            }
        }
        return deleted;
    }

    private string UniqueName(DateTime utc)
    {
        var name = FileNameFor(utc);
        for (var i = 2; File.Exists(Path.Combine(BackupDirectory, name)); i++)
        {
            name = FileNameFor(utc)[..^3] + "-" + i.ToString(CultureInfo.InvariantCulture) + ".db";
        }
        return name;
    }

    private static BackupFile ToBackupFile(FileInfo file)
    {
        var match = NamePattern().Match(file.Name);
        var created = match.Success && DateTime.TryParseExact(match.Groups[1].Value, "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
            : file.LastWriteTimeUtc;
        return new BackupFile(file.Name, file.FullName, file.Length, created);
    }

    [GeneratedRegex(@"^relay-(\d{8}-\d{6})(-\d{1,4})?\.db$")]
    private static partial Regex NamePattern();
}
