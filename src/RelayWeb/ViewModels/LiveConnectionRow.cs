using RelayEngine.Connections;

namespace RelayWeb.ViewModels;

/// <summary>
/// One row of a live connection list: the latest snapshot, plus when the page saw it close (closed rows stay a few
/// seconds, marked closed with their final bytes, before they leave the list).
/// </summary>
public sealed record LiveConnectionRow(ConnectionSnapshot Connection, DateTime? ClosedSeenUtc = null)
{
    public Guid Id => Connection.Id;
    public string RelayId => Connection.RelayId;
    public string Source => Connection.Source;
    public string Target => Connection.Target ?? "";
    public DateTime StartUtc => Connection.StartUtc;
    public long BytesUp => Connection.BytesUp;
    public long BytesDown => Connection.BytesDown;
    public bool IsClosed => ClosedSeenUtc is not null || !Connection.IsOpen;

    /// <summary>Requested (or sniffed) host of a Mihomo connection; empty for relayed connections.</summary>
    public string Host => Connection.Metadata is { } m ? m.Host ?? m.SniffHost ?? "" : "";

    /// <summary>Mihomo's rule with its payload, e.g. <c>DomainSuffix(example.com)</c>; empty when none.</summary>
    public string Rule => Connection.Metadata is { Rule: { Length: > 0 } rule } m
        ? (string.IsNullOrEmpty(m.RulePayload) ? rule : $"{rule}({m.RulePayload})")
        : "";

    /// <summary>Mihomo's proxy chain as people read it: matched group first, outbound proxy last.</summary>
    public string Chains => Connection.Metadata is { Chains.Count: > 0 } m ? string.Join(" → ", m.Chains.Reverse()) : "";

    public bool HasMetadata => Connection.Metadata is not null;

    public TimeSpan Duration(DateTime nowUtc) => (Connection.EndUtc ?? nowUtc) - Connection.StartUtc;
}
