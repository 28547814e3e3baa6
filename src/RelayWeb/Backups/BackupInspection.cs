namespace RelayWeb.Backups;

/// <summary>What a candidate database holds, as <c>relay restore</c> reports it.</summary>
public sealed record BackupInspection(int Relays, long Connections, int Settings, string LatestMigration);
