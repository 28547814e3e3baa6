using System.Collections.Immutable;

namespace RelayEngine.Model;

/// <summary>
/// The pseudo-relays of external connection sources (the Mihomo controller). <see cref="Management.EngineConfigManager"/>
/// reports them beside the configured relays (so <see cref="IRelayStateLookup"/> and the 1-second traffic sampler see
/// them), but configuration applies, restarts and shutdown never touch them: their source owns them. Copy-on-write; safe
/// from any thread.
/// </summary>
internal sealed class ExternalRelayStates
{
    private ImmutableArray<RelayState> _states = [];

    public ImmutableArray<RelayState> States => _states;

    /// <summary>Adds <paramref name="state"/> (its <see cref="RelayState.IsExternal"/> must be true). Throws if the id is taken.</summary>
    public void Add(RelayState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsExternal) throw new ArgumentException("Only external relay states can be added.", nameof(state));
        ImmutableInterlocked.Update(ref _states, (states, added) =>
        {
            if (states.Any(s => string.Equals(s.RelayId, added.RelayId, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"A connection source with id '{added.RelayId}' is already registered.");
            }
            return states.Add(added);
        }, state);
    }

    public void Remove(RelayState state) => ImmutableInterlocked.Update(ref _states, (states, removed) => states.Remove(removed), state);

    public bool TryGet(string relayId, out RelayState state)
    {
        foreach (var candidate in _states)
        {
            if (string.Equals(candidate.RelayId, relayId, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        state = null!;
        return false;
    }
}
