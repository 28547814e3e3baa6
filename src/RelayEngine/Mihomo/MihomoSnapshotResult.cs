namespace RelayEngine.Mihomo;

/// <summary>What applying one snapshot changed: connections opened, updated and closed, and how many are open after it.</summary>
internal readonly record struct MihomoSnapshotResult(int Opened, int Updated, int Closed, int Open);
