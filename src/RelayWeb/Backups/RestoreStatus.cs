namespace RelayWeb.Backups;

/// <summary>How <see cref="DatabaseRestore.RestoreAsync"/> ended.</summary>
public enum RestoreStatus
{
    Restored,

    /// <summary>The file is missing, damaged, not a Relay database, or from a newer Relay. Nothing was changed.</summary>
    InvalidBackup,

    /// <summary>A running Relay holds the target database. Nothing was changed.</summary>
    DatabaseInUse,
}

/// <param name="PreviousDatabasePath">Where the replaced database was kept (<c>relay.db.before-restore-TIMESTAMP</c>); null when there was none.</param>
public sealed record RestoreResult(RestoreStatus Status, string Message, string? PreviousDatabasePath = null, BackupInspection? Contents = null);
