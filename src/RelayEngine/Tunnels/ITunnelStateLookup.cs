namespace RelayEngine.Tunnels;

/// <summary>Read side of the engine's tunnel ends (the Tunnels page and the NodePass instance API build on it). Cheap; any thread.</summary>
public interface ITunnelStateLookup
{
    IReadOnlyList<TunnelSnapshot> GetTunnels();

    bool TryGetTunnel(string tunnelId, out TunnelSnapshot snapshot);
}
