using RelayEngine.Configuration;
using RelayWeb.Api.Contracts;
using RelayWeb.Services;

namespace RelayWeb.Api;

/// <summary>
/// Turns a <see cref="TunnelRequest"/> into a <see cref="TunnelDefinition"/>; words it cannot parse (flow, strategy) are
/// reported with every error <see cref="TunnelDefinitionValidator"/> finds, so one response lists them all.
/// </summary>
public static class TunnelRequestMapper
{
    public static bool TryMap(TunnelRequest request, string tunnelId, out TunnelDefinition tunnel, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parseErrors = new List<ConfigError>();
        var flow = TunnelFlow.Auto;
        switch (request.Flow?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto" or "0": break;
            case "reverse" or "1": flow = TunnelFlow.Reverse; break;
            case "forward" or "2": flow = TunnelFlow.Forward; break;
            default: parseErrors.Add(new("flow", $"Unknown flow '{request.Flow}'; use reverse, forward or auto.")); break;
        }
        if (!RelayText.TryParseStrategy(request.Strategy, out var strategy, out var strategyError)) parseErrors.Add(new("strategy", strategyError));
        var tls = request.Tls ?? 0;
        if (tls is < 0 or > 2)
        {
            parseErrors.Add(new("tls", "tls is 0 (none), 1 (self-signed) or 2 (given certificate)."));
            tls = 0;
        }

        tunnel = new TunnelDefinition
        {
            TunnelId = tunnelId,
            Name = request.Name,
            Key = request.Key ?? "",
            Flow = flow,
            Tls = (TunnelTlsMode)tls,
            CertificatePath = string.IsNullOrWhiteSpace(request.Crt) ? null : request.Crt.Trim(),
            PrivateKeyPath = string.IsNullOrWhiteSpace(request.TlsKey) ? null : request.TlsKey.Trim(),
            MinPool = request.MinPool ?? 64,
            MaxPool = request.MaxPool ?? 1024,
            Strategy = strategy,
            Enabled = request.Enabled ?? true,
            IdleTimeout = request.IdleTimeoutMs is { } idle ? TimeSpan.FromMilliseconds(idle) : null,
            RateLimitMbps = request.RateMbps ?? 0,
            ProxyProtocol = request.ProxyProtocol ?? false,
            MaxConnections = request.MaxConnections,
            ConnectTimeout = request.ConnectTimeoutMs is { } connect ? TimeSpan.FromMilliseconds(connect) : null,
            Server = ToEnd(request.Server),
            Client = ToEnd(request.Client),
        };
        // Validate with a placeholder key when it is to be generated (or kept): the store fills it in.
        var all = parseErrors.Concat(TunnelDefinitionValidator.Validate(string.IsNullOrEmpty(tunnel.Key) || tunnel.Key == "***" ? tunnel with { Key = "placeholder" } : tunnel));
        errors = ApiProblems.ToErrors(all);
        return errors.Count == 0;
    }

    private static TunnelEndDefinition? ToEnd(TunnelEndRequest? end) => end is null ? null : new TunnelEndDefinition(
        string.IsNullOrWhiteSpace(end.AgentId) ? null : end.AgentId.Trim(),
        end.Address?.Trim() ?? "",
        end.Targets?.Select(t => t?.Trim() ?? "").ToArray() ?? []);
}
