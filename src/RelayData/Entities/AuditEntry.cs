namespace RelayData.Entities;

/// <summary>One configuration change: who, when, what (e.g. "relay.update" on relay "web"), and a JSON diff or body.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime TimestampUtc { get; set; }
    public required string Actor { get; set; }            // "admin" (user), "token:NAME", "cli", "system"
    public required string Action { get; set; }           // "relay.create", "relay.update", "relay.delete", "relay.start", "token.create"...
    public required string Target { get; set; }           // e.g. relay id
    public string? Details { get; set; }                  // JSON: before/after
}
