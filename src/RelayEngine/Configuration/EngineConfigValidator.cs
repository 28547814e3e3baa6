using System.Net;

namespace RelayEngine.Configuration;

/// <summary>
/// The one place relay rules live; the API, the dashboard and the engine all call it, so a relay the UI accepts is one the
/// engine can run. Field names are the API body's (camelCase).
/// </summary>
public sealed class EngineConfigValidator : IEngineConfigValidator
{
    /// <summary>Most targets one relay may have.</summary>
    public const int MaxTargets = 64;

    public IReadOnlyList<ConfigError> Validate(RelayConfig relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var errors = new List<ConfigError>();

        if (relay.Name is { } name && (name.Trim().Length == 0 || name.Length > 100))
        {
            errors.Add(new("name", "A name is required and must be at most 100 characters."));
        }

        IPEndPoint? listen = null;
        if (!EndpointParser.TryParseListen(relay.Listen, out listen, out var listenError))
        {
            errors.Add(new("listen", listenError));
        }

        if (relay.Targets is null || relay.Targets.Count == 0)
        {
            errors.Add(new("targets", "At least one target is required, as HOST:PORT."));
        }
        else if (relay.Targets.Count > MaxTargets)
        {
            errors.Add(new("targets", $"At most {MaxTargets} targets are allowed."));
        }
        else
        {
            for (var i = 0; i < relay.Targets.Count; i++)
            {
                if (!EndpointParser.TryParseTarget(relay.Targets[i], out var target, out var targetError))
                {
                    errors.Add(new($"targets[{i}]", targetError));
                }
                else if (listen is not null && target.Address is { } address && target.Port == listen.Port
                    && (address.Equals(listen.Address) || (IPAddress.IsLoopback(address) && listen.Address.Equals(IPAddress.Any))))
                {
                    errors.Add(new($"targets[{i}]", "A target must not be the relay's own listen address (it would loop)."));
                }
            }
        }

        if (relay.AgentId is not null && !AgentIds.IsValid(relay.AgentId))
        {
            errors.Add(new("agentId", $"'{relay.AgentId}' is not an agent id ({AgentIds.Rule}); leave it empty to run the relay on this node."));
        }

        if (relay.Strategy == TargetStrategy.All && relay.Protocol != RelayProtocol.Udp)
        {
            errors.Add(new("strategy", "Strategy 'all' (fan-out) is only for UDP relays; TCP relays use 'failover' or 'round-robin'."));
        }
        if (!Enum.IsDefined(relay.Strategy))
        {
            errors.Add(new("strategy", "Unknown strategy; use 'failover', 'round-robin' or 'all' (UDP)."));
        }
        if (!Enum.IsDefined(relay.Protocol))
        {
            errors.Add(new("protocol", "Unknown protocol; use 'tcp' or 'udp'."));
        }

        CheckDuration(errors, "connectTimeoutMs", relay.ConnectTimeout, TimeSpan.FromMinutes(10));
        CheckDuration(errors, "idleTimeoutMs", relay.IdleTimeout, TimeSpan.FromDays(7));
        if (relay.MaxConnections is < 0 or > 1_000_000)
        {
            errors.Add(new("maxConnections", "Max connections must be between 0 (unlimited) and 1000000."));
        }
        return errors;
    }

    private static void CheckDuration(List<ConfigError> errors, string field, TimeSpan? value, TimeSpan max)
    {
        if (value is { } v && (v <= TimeSpan.Zero || v > max))
        {
            errors.Add(new(field, $"Must be greater than 0 and at most {max.TotalMilliseconds:0} ms."));
        }
    }
}
