namespace RelayEngine.Model;

/// <summary>Read side of the engine's relay state (YARP's IProxyStateLookup). Cheap; safe from any thread.</summary>
public interface IRelayStateLookup
{
    IReadOnlyList<RelaySnapshot> GetRelays();

    bool TryGetRelay(string relayId, out RelaySnapshot snapshot);
}
