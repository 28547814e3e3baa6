namespace RelayEngine.Events;

/// <summary>Coarse "something changed" topics for <see cref="IEngineEvents.OnChanged"/>.</summary>
public enum EngineTopic
{
    /// <summary>A relay was added, changed, removed or changed state.</summary>
    Relays,

    /// <summary>A new 1-second traffic sample is available (<see cref="ITrafficHistory"/>).</summary>
    Stats,

    /// <summary>A tunnel end was added, changed, removed or changed state (re-read <c>ITunnelStateLookup</c>).</summary>
    Tunnels,
}
