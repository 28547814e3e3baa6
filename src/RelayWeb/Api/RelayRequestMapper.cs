using RelayEngine.Configuration;
using RelayWeb.Api.Contracts;

namespace RelayWeb.Api;

/// <summary>
/// Turns a <see cref="RelayRequest"/> into the engine's <see cref="RelayConfig"/>. Words it cannot parse (protocol,
/// strategy) are reported together with every other error the engine's validator finds, so one response lists them all.
/// </summary>
public static class RelayRequestMapper
{
    public static bool TryMap(RelayRequest request, string relayId, IEngineConfigValidator validator, out RelayConfig config, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parseErrors = new List<ConfigError>();
        if (!RelayText.TryParseProtocol(request.Protocol, out var protocol, out var protocolError)) parseErrors.Add(new("protocol", protocolError));
        if (!RelayText.TryParseStrategy(request.Strategy, out var strategy, out var strategyError)) parseErrors.Add(new("strategy", strategyError));

        config = new RelayConfig
        {
            RelayId = relayId,
            Name = request.Name,
            Protocol = protocol,
            Listen = request.Listen ?? "",
            Targets = request.Targets?.Select(t => t ?? "").ToArray() ?? [],
            Strategy = strategy,
            Enabled = request.Enabled ?? true,
            ConnectTimeout = request.ConnectTimeoutMs is { } connect ? TimeSpan.FromMilliseconds(connect) : null,
            IdleTimeout = request.IdleTimeoutMs is { } idle ? TimeSpan.FromMilliseconds(idle) : null,
            MaxConnections = request.MaxConnections,
            AgentId = string.IsNullOrWhiteSpace(request.AgentId) ? null : request.AgentId.Trim(),
        };
        if (parseErrors.Count == 0)
        {
            errors = [];
            return true; // the store validates (once, with the same validator) and reports the rest
        }

        var fields = parseErrors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        // With a word unparsed the defaults stand in, so rules tied to that field ("all is UDP only") would mislead.
        var rest = validator.Validate(config).Where(e => !fields.Contains(e.Field));
        errors = ApiProblems.ToErrors(parseErrors.Concat(rest));
        return false;
    }
}
