namespace RelayData;

/// <summary>
/// Marks a database as in use by a running Relay process: an exclusive lock on <c>relay.db.lock</c> beside the database
/// (an advisory <c>flock</c> on Linux and macOS, a share-none handle on Windows). The operating system drops it when the
/// process ends, however it ends, so a stale lock file is harmless. <c>relay serve</c> and <c>relay run</c> hold it while
/// they run; <c>relay restore</c> takes it before it replaces the database, and refuses when it cannot.
/// </summary>
public sealed class RelayDatabaseLock : IDisposable
{
    private readonly FileStream _stream;

    private RelayDatabaseLock(FileStream stream, string path)
    {
        _stream = stream;
        LockPath = path;
    }

    public string LockPath { get; }

    /// <summary>The lock file of <paramref name="databasePath"/>: the same path plus <c>.lock</c>.</summary>
    public static string LockPathFor(string databasePath) => Path.GetFullPath(databasePath) + ".lock";

    /// <summary>Takes the lock; false (and no lock) when another process, or another holder in this one, has it.</summary>
    public static bool TryAcquire(string databasePath, out RelayDatabaseLock? databaseLock)
    {
        var path = LockPathFor(databasePath);
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            databaseLock = new RelayDatabaseLock(stream, path);
            return true;
        }
        catch (IOException)
        {
            databaseLock = null;
            return false;
        }
    }

    /// <summary>Takes the lock or throws <see cref="InvalidOperationException"/> saying which database is in use.</summary>
    public static RelayDatabaseLock Acquire(string databasePath) =>
        TryAcquire(databasePath, out var databaseLock)
            ? databaseLock!
            : throw new InvalidOperationException(
                $"The database '{Path.GetFullPath(databasePath)}' is in use by another Relay process (lock '{LockPathFor(databasePath)}' is held). Stop it, or use another --data-dir.");

    public void Dispose() => _stream.Dispose();
}
