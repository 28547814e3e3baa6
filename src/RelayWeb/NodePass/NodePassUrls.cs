using System.Globalization;
using RelayEngine.Configuration;
using RelayWeb.Cli;
using RelayWeb.Services;

namespace RelayWeb.NodePass;

/// <summary>What a NodePass instance URL asks for: one tunnel end, or a single-end forward (a TCP and a UDP relay).</summary>
public sealed record NodePassUrl(TunnelDefinition? Tunnel, RelayConfig? Tcp, RelayConfig? Udp);

/// <summary>NodePass instance URLs (<c>server://</c>, <c>client://</c>) to Relay's tunnels and relays and back.</summary>
public static class NodePassUrls
{
    /// <summary>
    /// Parses a NodePass <c>server://</c> or <c>client://</c> URL as <c>relay run</c> does. A tunnel end runs on this node;
    /// NodePass's single-end forwarding (<c>client://LISTEN/TARGET?mode=1</c>, or <c>mode=0</c> without a key) becomes a
    /// TCP and a UDP relay on the same address, as NodePass listens on both.
    /// </summary>
    public static bool TryParse(string? url, out NodePassUrl parsed, out string error)
    {
        parsed = null!;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "A url is required, e.g. server://:10101/127.0.0.1:8080?tls=1.";
            return false;
        }
        url = url.Trim();
        var scheme = url.IndexOf("://", StringComparison.Ordinal) is > 0 and var end ? url[..end].ToLowerInvariant() : "";
        if (scheme is not ("server" or "client"))
        {
            error = "Invalid URL scheme: use server:// or client://.";
            return false;
        }
        if (!RunUrlParser.TryParseRun(url, 0, out var spec, out error)) return false;
        if (spec.Tunnel is not { } config)
        {
            // relay run's single-end forward: one TCP and one UDP relay (ids and names are given by the store and the API)
            var tcp = spec.Relays.Single(r => r.Protocol == RelayProtocol.Tcp);
            var udp = spec.Relays.Single(r => r.Protocol == RelayProtocol.Udp);
            parsed = new NodePassUrl(null, tcp with { Name = null }, udp with { Name = null });
            return true;
        }
        var endDefinition = new TunnelEndDefinition(null, config.TunnelAddress, config.Targets);
        var tunnel = new TunnelDefinition
        {
            TunnelId = "new",
            Key = spec.KeyGenerated ? "" : config.Key, // empty: the store generates one (create) or keeps the stored one (PUT)
            Flow = config.Flow,
            Tls = config.Tls,
            CertificatePath = config.CertificatePath,
            PrivateKeyPath = config.PrivateKeyPath,
            MinPool = config.MinPool,
            MaxPool = config.MaxPool,
            Strategy = config.Strategy,
            IdleTimeout = config.IdleTimeout,
            RateLimitMbps = config.RateLimitMbps,
            ProxyProtocol = config.ProxyProtocol,
            MaxConnections = config.MaxConnections,
            ConnectTimeout = config.ConnectTimeout,
            Server = config.Role == TunnelRole.Server ? endDefinition : null,
            Client = config.Role == TunnelRole.Client ? endDefinition : null,
        };
        parsed = new NodePassUrl(tunnel, null, null);
        error = "";
        return true;
    }

    /// <summary>The end as a NodePass URL; the key is <c>***</c> unless <paramref name="showKey"/>.</summary>
    public static string ForTunnelEnd(TunnelDefinition tunnel, TunnelRole role, bool showKey)
    {
        var end = tunnel.GetEnd(role)!;
        var key = showKey ? Uri.EscapeDataString(tunnel.Key) : "***";
        var query = new List<string>();
        if (role == TunnelRole.Server)
        {
            query.Add($"tls={(int)tunnel.Tls}");
            if (tunnel.Tls == TunnelTlsMode.Certificate)
            {
                query.Add($"crt={Uri.EscapeDataString(tunnel.CertificatePath ?? "")}");
                query.Add($"key={Uri.EscapeDataString(tunnel.PrivateKeyPath ?? "")}");
            }
            query.Add($"mode={(int)tunnel.Flow}");
            query.Add(string.Create(CultureInfo.InvariantCulture, $"max={tunnel.MaxPool}"));
        }
        else
        {
            query.Add("mode=2");
            query.Add(string.Create(CultureInfo.InvariantCulture, $"min={tunnel.MinPool}"));
        }
        if (tunnel.IdleTimeout is { } idle) query.Add(FormatDuration("read", idle));
        if (tunnel.RateLimitMbps > 0) query.Add(string.Create(CultureInfo.InvariantCulture, $"rate={tunnel.RateLimitMbps}"));
        if (tunnel.ProxyProtocol) query.Add("proxy=1");
        if (tunnel.MaxConnections is > 0 and var slot) query.Add(string.Create(CultureInfo.InvariantCulture, $"slot={slot}"));
        if (tunnel.ConnectTimeout is { } connect) query.Add(FormatDuration("connect", connect));
        if (tunnel.Strategy == TargetStrategy.RoundRobin) query.Add("strategy=round-robin");
        return $"{RoleText(role)}://{key}@{end.Address}/{string.Join(',', end.Targets)}?{string.Join('&', query)}";
    }

    /// <summary>A relay (or the TCP relay of a single-end forward) as NodePass's single-end forwarding URL.</summary>
    public static string ForRelay(RelayConfig relay)
    {
        var query = new List<string> { "mode=1" };
        if (relay.IdleTimeout is { } idle) query.Add(FormatDuration("read", idle));
        if (relay.MaxConnections is > 0 and var slot) query.Add(string.Create(CultureInfo.InvariantCulture, $"slot={slot}"));
        if (relay.ConnectTimeout is { } connect) query.Add(FormatDuration("connect", connect));
        if (relay.Strategy == TargetStrategy.RoundRobin) query.Add("strategy=round-robin");
        return $"client://{relay.Listen}/{string.Join(',', relay.Targets)}?{string.Join('&', query)}";
    }

    public static string RoleText(TunnelRole role) => role == TunnelRole.Server ? "server" : "client";

    /// <summary><c>read=30s</c>, <c>read=1500ms</c>: whole seconds when exact, else milliseconds (what <c>relay run</c> parses).</summary>
    private static string FormatDuration(string name, TimeSpan value) => value.TotalMilliseconds % 1000 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{name}={(long)value.TotalSeconds}s")
        : string.Create(CultureInfo.InvariantCulture, $"{name}={(long)value.TotalMilliseconds}ms");
}
