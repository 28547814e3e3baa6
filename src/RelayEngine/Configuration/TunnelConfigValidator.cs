namespace RelayEngine.Configuration;

/// <summary>
/// The rules for a <see cref="TunnelConfig"/>; the CLI, the engine (an invalid end becomes Faulted with these messages) and
/// later the API all call it. Collects every error. Field names are camelCase, as an API body would have them.
/// </summary>
public static class TunnelConfigValidator
{
    /// <summary>
    /// Keys shorter than this are accepted (NodePass URLs carry whatever key people chose) but the CLI warns: a short key
    /// can be guessed offline from a recorded tls=0 handshake. Generated keys are 32 characters (192 bits).
    /// </summary>
    public const int RecommendedKeyLength = 16;

    /// <summary>Largest <see cref="TunnelConfig.MaxPool"/>.</summary>
    public const int MaxPoolLimit = 65536;

    public static IReadOnlyList<ConfigError> Validate(TunnelConfig tunnel)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        var errors = new List<ConfigError>();
        if (string.IsNullOrWhiteSpace(tunnel.TunnelId) || tunnel.TunnelId.Length > 56 || tunnel.TunnelId.Contains(':'))
        {
            errors.Add(new("tunnelId", "A tunnel id is required, at most 56 characters, without ':'."));
        }
        if (string.IsNullOrEmpty(tunnel.Key) || tunnel.Key.Length > 256)
        {
            errors.Add(new("key", "A tunnel key of 1 to 256 characters is required; leave it out on the server to have one generated."));
        }
        if (!Enum.IsDefined(tunnel.Role)) errors.Add(new("role", "Unknown role; use 'server' or 'client'."));
        if (!Enum.IsDefined(tunnel.Flow)) errors.Add(new("mode", "Unknown mode; use 0 (auto), 1 (reverse) or 2 (forward)."));
        if (!Enum.IsDefined(tunnel.Tls)) errors.Add(new("tls", "Unknown TLS mode; use 0, 1 or 2."));

        if (tunnel.Role == TunnelRole.Server)
        {
            if (!EndpointParser.TryParseListen(tunnel.TunnelAddress, out _, out var error)) errors.Add(new("tunnelAddress", error));
        }
        else if (!EndpointParser.TryParseTarget(tunnel.TunnelAddress, out _, out var error))
        {
            errors.Add(new("tunnelAddress", error));
        }

        ValidateTargets(tunnel, errors);

        if (tunnel.Tls == TunnelTlsMode.Certificate && (string.IsNullOrWhiteSpace(tunnel.CertificatePath) || string.IsNullOrWhiteSpace(tunnel.PrivateKeyPath)))
        {
            errors.Add(new("crt", "tls=2 needs both crt (certificate file) and key (private key file)."));
        }
        if (tunnel.MinPool is < 0 or > MaxPoolLimit) errors.Add(new("min", $"min must be between 0 and {MaxPoolLimit}."));
        if (tunnel.MaxPool is < 1 or > MaxPoolLimit) errors.Add(new("max", $"max must be between 1 and {MaxPoolLimit}."));
        if (tunnel.RateLimitMbps is < 0 or > 1_000_000) errors.Add(new("rate", "rate must be between 0 (unlimited) and 1000000 Mbit/s."));
        if (tunnel.MaxConnections is < 0 or > 1_000_000) errors.Add(new("slot", "slot must be between 0 (unlimited) and 1000000."));
        if (tunnel.IdleTimeout is { } idle && (idle <= TimeSpan.Zero || idle > TimeSpan.FromDays(7))) errors.Add(new("read", "read must be greater than 0 and at most 7 days."));
        if (tunnel.ConnectTimeout is { } connect && (connect <= TimeSpan.Zero || connect > TimeSpan.FromMinutes(10))) errors.Add(new("connectTimeoutMs", "The connect timeout must be greater than 0 and at most 10 minutes."));
        if (tunnel.Strategy == TargetStrategy.All) errors.Add(new("strategy", "Tunnels use 'failover' or 'round-robin'."));
        return errors;
    }

    private static void ValidateTargets(TunnelConfig tunnel, List<ConfigError> errors)
    {
        if (tunnel.Targets is null || tunnel.Targets.Count == 0)
        {
            errors.Add(new("targets", "At least one target address is required."));
            return;
        }
        if (tunnel.Targets.Count > EngineConfigValidator.MaxTargets)
        {
            errors.Add(new("targets", $"At most {EngineConfigValidator.MaxTargets} targets are allowed."));
            return;
        }
        for (var i = 0; i < tunnel.Targets.Count; i++)
        {
            // The first target may be a listen address (server reverse, client forward): ":8080" is allowed there.
            var ok = EndpointParser.TryParseTarget(tunnel.Targets[i], out _, out var error)
                || (i == 0 && EndpointParser.TryParseListen(tunnel.Targets[i], out _, out _));
            if (!ok) errors.Add(new($"targets[{i}]", error!));
        }
    }
}
