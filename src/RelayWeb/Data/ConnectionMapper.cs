using System.Collections.Frozen;
using System.Text.Json;
using RelayData.Entities;
using RelayEngine.Connections;

namespace RelayWeb.Data;

/// <summary>
/// Maps a ledger row to the engine's <see cref="ConnectionSnapshot"/>, and <see cref="CloseReason"/> to and from its stored
/// snake_case text (<c>client_closed</c>, <c>idle_timeout</c>...; null while open).
/// </summary>
public static class ConnectionMapper
{
    private static readonly FrozenDictionary<CloseReason, string> s_reasonText = Enum.GetValues<CloseReason>()
        .Where(r => r != CloseReason.None)
        .ToFrozenDictionary(r => r, r => JsonNamingPolicy.SnakeCaseLower.ConvertName(r.ToString()));

    private static readonly FrozenDictionary<string, CloseReason> s_reasonByText =
        s_reasonText.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The snapshot of a stored row, as the database has it (no live counters).</summary>
    public static ConnectionSnapshot ToSnapshot(Connection entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new ConnectionSnapshot
        {
            Id = entity.Id,
            AgentId = entity.AgentId,
            RelayId = entity.RelayId,
            Network = entity.Network,
            Source = entity.Source,
            Listen = entity.Listen,
            Target = entity.Target,
            StartUtc = entity.StartUtc,
            EndUtc = entity.IsOpen ? null : entity.EndUtc ?? entity.StartUtc,
            BytesUp = entity.BytesUp,
            BytesDown = entity.BytesDown,
            CloseReason = ParseCloseReason(entity.CloseReason),
        };
    }

    /// <summary>The stored text of <paramref name="reason"/>; null for <see cref="CloseReason.None"/> (open).</summary>
    public static string? ToText(CloseReason reason) =>
        reason == CloseReason.None ? null
        : s_reasonText.TryGetValue(reason, out var text) ? text
        : throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown close reason.");

    /// <summary>Parses stored text; null is <see cref="CloseReason.None"/>, text this version does not know is <see cref="CloseReason.Error"/>.</summary>
    public static CloseReason ParseCloseReason(string? text) =>
        text is null ? CloseReason.None
        : s_reasonByText.TryGetValue(text, out var reason) ? reason
        : CloseReason.Error;
}
