using RelayEngine.Configuration;

namespace RelayWeb.Services;

/// <summary>
/// The rules for a <see cref="TunnelDefinition"/>: at least one end, each end valid by <see cref="TunnelConfigValidator"/>
/// (its errors prefixed <c>server.</c> / <c>client.</c>, e.g. <c>server.tunnelAddress</c>, <c>client.targets[0]</c>).
/// Collects every error.
/// </summary>
public static class TunnelDefinitionValidator
{
    public static IReadOnlyList<ConfigError> Validate(TunnelDefinition tunnel)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        var errors = new List<ConfigError>();
        if (tunnel.Server is null && tunnel.Client is null)
        {
            errors.Add(new("server", "A tunnel needs at least one end: a server end, a client end, or both."));
            return errors;
        }
        if (tunnel.Name is { Length: > 100 }) errors.Add(new("name", "The name is at most 100 characters."));
        if (tunnel.Strategy == TargetStrategy.All) errors.Add(new("strategy", "Tunnels use 'failover' or 'round-robin'."));
        foreach (var role in tunnel.Roles)
        {
            var prefix = role == TunnelRole.Server ? "server." : "client.";
            var end = tunnel.GetEnd(role)!;
            if (end.AgentId is { } agentId && (agentId.Length is 0 or > 64)) errors.Add(new(prefix + "agentId", "An agent id is 1 to 64 characters."));
            foreach (var error in TunnelConfigValidator.Validate(tunnel.ToEndConfig(role)))
            {
                // Shared settings keep their own names (tls, min, max, key...); per-end ones get the prefix.
                var field = error.Field is "tunnelAddress" || error.Field.StartsWith("targets", StringComparison.Ordinal) ? prefix + error.Field : error.Field;
                if (!errors.Any(e => e.Field == field && e.Message == error.Message)) errors.Add(error with { Field = field });
            }
        }
        return errors;
    }
}
