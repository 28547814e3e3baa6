namespace RelayEngine.Tunnels;

/// <summary>One state change of a tunnel end, with its reason (kept in <see cref="TunnelSnapshot.RecentEvents"/> and logged).</summary>
public sealed record TunnelEvent(DateTime TimeUtc, TunnelStatus Status, string Reason);
