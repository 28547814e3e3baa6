using RelayEngine.Model;
using RelayWeb.Api.Contracts;

namespace RelayWeb.Api.Events;

/// <summary>
/// Turns "relays changed" notifications into per-relay events: a relay event only when a relay's state, reason or bound
/// endpoint actually changed, and a removal when a relay disappears. Thread-safe.
/// </summary>
internal sealed class RelayStateTracker
{
    private readonly Dictionary<string, RelayStateDto> _known = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _relayId;

    public RelayStateTracker(IEnumerable<RelaySnapshot> initial, string? relayId)
    {
        _relayId = relayId;
        foreach (var relay in Filter(initial)) _known[relay.RelayId] = RelayStateDto.From(relay);
    }

    public IReadOnlyList<EngineEventMessage> Update(IEnumerable<RelaySnapshot> current)
    {
        var messages = new List<EngineEventMessage>();
        lock (_known)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var relay in Filter(current))
            {
                seen.Add(relay.RelayId);
                var state = RelayStateDto.From(relay);
                if (_known.TryGetValue(relay.RelayId, out var previous) && previous == state) continue;
                _known[relay.RelayId] = state;
                messages.Add(new(EngineEventMessage.Relay, relay.RelayId, state));
            }
            foreach (var gone in _known.Keys.Where(id => !seen.Contains(id)).ToList())
            {
                _known.Remove(gone);
                messages.Add(new(EngineEventMessage.RelayRemoved, gone, new RelayRemovedDto(gone)));
            }
        }
        return messages;
    }

    private IEnumerable<RelaySnapshot> Filter(IEnumerable<RelaySnapshot> relays) =>
        _relayId is null ? relays : relays.Where(r => string.Equals(r.RelayId, _relayId, StringComparison.OrdinalIgnoreCase));
}
