using RelayEngine.Connections;

namespace RelayWeb.AgentSync;

/// <summary>One version of a ledger row waiting to be synced: the record and the sequence number it was written with.</summary>
public sealed record OutboxRecord(long Seq, ConnectionSnapshot Connection);
