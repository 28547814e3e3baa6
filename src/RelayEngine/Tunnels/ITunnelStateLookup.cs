namespace RelayEngine.Tunnels;

/// <summary>Read side of the engine's tunnel ends (the Tunnels page and the NodePass instance API build on it). Cheap; any thread.</summary>
public interface ITunnelStateLookup
{
    IReadOnlyList<TunnelSnapshot> GetTunnels();

    /// <summary>An end of <paramref name="tunnelId"/> (the server end first when this node runs both).</summary>
    bool TryGetTunnel(string tunnelId, out TunnelSnapshot snapshot);
}
