using System.Collections.Frozen;
using System.Text.Json;
using RelayData.Entities;
using RelayEngine.Connections;

namespace RelayWeb.Data;

/// <summary>
/// Maps a ledger row to the engine's <see cref="ConnectionSnapshot"/>, <see cref="CloseReason"/> to and from its stored
/// snake_case text (<c>client_closed</c>, <c>idle_timeout</c>...; null while open), and Mihomo's chains to and from their
/// stored JSON text.
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
            Metadata = ToMetadata(entity),
        };
    }

    /// <summary>The row's metadata columns; null when every one is null (a relayed connection).</summary>
    public static ConnectionMetadata? ToMetadata(Connection entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity is { InboundType: null, Host: null, SniffHost: null, Process: null, ProcessPath: null, InboundName: null, InboundUser: null,
            DestinationIp: null, DestinationPort: null, Chains: null, Rule: null, RulePayload: null })
        {
            return null;
        }
        return new ConnectionMetadata
        {
            Type = entity.InboundType,
            Host = entity.Host,
            SniffHost = entity.SniffHost,
            Process = entity.Process,
            ProcessPath = entity.ProcessPath,
            InboundName = entity.InboundName,
            InboundUser = entity.InboundUser,
            DestinationIp = entity.DestinationIp,
            DestinationPort = entity.DestinationPort,
            Chains = ChainsFromJson(entity.Chains),
            Rule = entity.Rule,
            RulePayload = entity.RulePayload,
        };
    }

    /// <summary>The stored form of chains: a JSON array of strings.</summary>
    public static string ChainsToJson(IReadOnlyList<string> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var chain in chains) writer.WriteStringValue(chain);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Chains from stored JSON; empty for null, and for text that is not a JSON array of strings.</summary>
    public static IReadOnlyList<string> ChainsFromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return [];
            return document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray();
        }
        catch (JsonException)
        {
            return [];
        }
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
