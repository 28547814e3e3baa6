using System.Globalization;
using RelayEngine.Configuration;
using RelayEngine.Tunnels;

namespace RelayWeb.Cli;

public static partial class RunUrlParser
{
    private static readonly HashSet<string> TunnelParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "log", "tls", "crt", "key", "min", "max", "mode", "read", "rate", "proxy", "slot", "name", "strategy", "connect",
    };

    /// <summary>
    /// Parses any <c>relay run</c> URL: forwards as <see cref="TryParse"/> does, and NodePass's tunnel ends:
    /// <c>server://[KEY@]TUNNEL/TARGET[,TARGET...]?log=&amp;tls=0|1|2&amp;crt=&amp;key=&amp;max=&amp;mode=0|1|2&amp;read=&amp;rate=&amp;proxy=0|1&amp;slot=</c>
    /// and <c>client://[KEY@]TUNNEL/TARGET[,TARGET...]?log=&amp;min=&amp;mode=0|1|2&amp;read=&amp;rate=&amp;proxy=&amp;slot=</c>, plus
    /// Relay's <c>name</c>, <c>strategy</c>, <c>connect</c>. The key is the URL's user-info (percent-decoded); a server without
    /// one gets a generated key. Note NodePass's <c>key=</c> parameter is the TLS private key file, not the tunnel key.
    /// </summary>
    public static bool TryParseRun(string url, int index, out RunSpec spec, out string error)
    {
        spec = null!;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? url[..schemeEnd].ToLowerInvariant() : "";
        if (scheme is not ("server" or "client"))
        {
            if (!TryParse(url, index, out var relay, out error)) return false;
            spec = new RunSpec { DisplayUrl = url, Relays = [relay] };
            return true;
        }
        return TryParseTunnel(url, scheme, url[(schemeEnd + 3)..], index, out spec, out error);
    }

    private static bool TryParseTunnel(string url, string scheme, string rest, int index, out RunSpec spec, out string error)
    {
        spec = null!;
        var query = "";
        var queryStart = rest.IndexOf('?');
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        string? key = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            key = Uri.UnescapeDataString(authority[..at]);
            authority = authority[(at + 1)..];
            if (key.Length == 0) key = null;
        }
        var display = at < 0 ? url : $"{scheme}://***@{url[(scheme.Length + 3 + at + 1)..]}";
        if (slash < 0 || slash == rest.Length - 1)
        {
            error = $"'{display}' has no target; write {scheme}://KEY@TUNNEL/TARGET, for example {scheme}://KEY@:10101/127.0.0.1:8080.";
            return false;
        }
        var targets = rest[(slash + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!TryParseTunnelQuery(query, display, out var p, out error)) return false;

        var role = scheme == "server" ? TunnelRole.Server : TunnelRole.Client;
        var id = $"run-{index + 1}";
        var name = string.IsNullOrWhiteSpace(p.Name) ? $"{scheme}-{index + 1}" : p.Name;
        var generated = false;
        if (role == TunnelRole.Server && key is null)
        {
            key = TunnelKeys.Generate();
            generated = true;
        }

        IReadOnlyList<RelayConfig> singleEnd = [];
        if (role == TunnelRole.Client && p.Mode != 2)
        {
            // NodePass client mode 1 (single-end forwarding): listen on the tunnel address, forward TCP and UDP to the target.
            singleEnd =
            [
                SingleEnd(id + "-tcp", name + " (tcp)", RelayProtocol.Tcp, authority, targets, p),
                SingleEnd(id + "-udp", name + " (udp)", RelayProtocol.Udp, authority, targets, p),
            ];
            if (p.Mode == 1)
            {
                spec = new RunSpec { DisplayUrl = display, Relays = singleEnd, LogLevel = p.Log };
                return true;
            }
        }
        if (role == TunnelRole.Client && key is null && p.Mode == 2)
        {
            error = $"'{display}' needs the tunnel key the server printed: client://KEY@{authority}/{string.Join(',', targets)}. Keys are never derived from ports.";
            return false;
        }

        TunnelConfig? tunnel = key is null ? null : new TunnelConfig
        {
            TunnelId = id,
            Name = name,
            Role = role,
            TunnelAddress = authority,
            Targets = targets,
            Strategy = p.Strategy,
            Key = key,
            Flow = role == TunnelRole.Server ? (TunnelFlow)p.Mode : TunnelFlow.Auto,
            Tls = (TunnelTlsMode)p.Tls,
            CertificatePath = p.CertificatePath,
            PrivateKeyPath = p.PrivateKeyPath,
            MinPool = p.Min ?? 64,
            MaxPool = p.Max ?? 1024,
            IdleTimeout = p.Read,
            RateLimitMbps = p.Rate,
            ProxyProtocol = p.Proxy,
            MaxConnections = p.Slot,
            ConnectTimeout = p.Connect,
        };
        if (role == TunnelRole.Client && (p.Tls != 0 || p.CertificatePath is not null))
        {
            error = $"'{display}': tls, crt and key are set on the server; the client learns TLS from it.";
            return false;
        }
        spec = new RunSpec
        {
            DisplayUrl = display,
            Tunnel = tunnel,
            Relays = singleEnd,
            KeyGenerated = generated,
            DetectClientMode = role == TunnelRole.Client && p.Mode == 0,
            LogLevel = p.Log,
        };
        return true;
    }

    private static RelayConfig SingleEnd(string id, string name, RelayProtocol protocol, string listen, string[] targets, TunnelUrlParameters p) => new()
    {
        RelayId = id,
        Name = name,
        Protocol = protocol,
        Listen = listen,
        Targets = targets,
        Strategy = p.Strategy,
        ConnectTimeout = p.Connect,
        IdleTimeout = p.Read,
        MaxConnections = p.Slot,
    };

    private static bool TryParseTunnelQuery(string query, string display, out TunnelUrlParameters p, out string error)
    {
        p = new TunnelUrlParameters();
        error = "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = Uri.UnescapeDataString(eq < 0 ? "" : pair[(eq + 1)..]);
            if (!TunnelParameters.Contains(name))
            {
                error = $"Unknown parameter '{name}' in '{display}'; known: {string.Join(", ", TunnelParameters.Order())}.";
                return false;
            }
            if (!TryApply(p, name, value, out var problem))
            {
                error = $"'{value}' is not valid for '{name}' in '{display}': {problem}";
                return false;
            }
        }
        if (p.Tls == 2 && (p.CertificatePath is null || p.PrivateKeyPath is null))
        {
            error = $"'{display}': tls=2 needs crt=CERT.pem and key=KEY.pem.";
            return false;
        }
        return true;
    }

    private static bool TryApply(TunnelUrlParameters p, string name, string value, out string problem)
    {
        problem = "";
        switch (name)
        {
            case "log":
                if (!TryParseLogLevel(value, out var level)) { problem = "use none, debug, info, warn, error or event."; return false; }
                p.Log = level;
                return true;
            case "tls": return TryParseChoice(value, 2, out p.Tls, out problem);
            case "mode": return TryParseChoice(value, 2, out p.Mode, out problem);
            case "proxy":
                if (!TryParseChoice(value, 1, out var proxy, out problem)) return false;
                p.Proxy = proxy == 1;
                return true;
            case "crt": p.CertificatePath = value; return value.Length > 0 || Fail("a file path is required.", out problem);
            case "key": p.PrivateKeyPath = value; return value.Length > 0 || Fail("a file path is required.", out problem);
            case "min": return TryParseCount(value, out p.Min, out problem);
            case "max": return TryParseCount(value, out p.Max, out problem);
            case "slot": return TryParseCount(value, out p.Slot, out problem);
            case "rate":
                if (!TryParseCount(value, out var rate, out problem)) return false;
                p.Rate = rate ?? 0;
                return true;
            case "read": return TryParseDurationValue(value, out p.Read, out problem);
            case "connect": return TryParseDurationValue(value, out p.Connect, out problem);
            case "name": p.Name = value; return true;
            case "strategy":
                if (!TryParseStrategy(value, out p.Strategy) || p.Strategy == TargetStrategy.All) { problem = "use failover or round-robin."; return false; }
                return true;
            default: return Fail("unknown.", out problem);
        }
    }

    private static bool Fail(string message, out string problem)
    {
        problem = message;
        return false;
    }

    private static bool TryParseChoice(string value, int max, out int result, out string problem)
    {
        problem = $"use a number from 0 to {max}.";
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result <= max;
    }

    private static bool TryParseCount(string value, out int? result, out string problem)
    {
        problem = "use a whole number, 0 or more.";
        result = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return result is not null;
    }

    private static bool TryParseDurationValue(string value, out TimeSpan? result, out string problem)
    {
        problem = "use a duration such as 30s, 5m or 1h.";
        result = TryParseDuration(value, out var d) ? d : null;
        return result is not null;
    }

    /// <summary>NodePass's log levels; <c>event</c> (its check-point lines) maps to Information.</summary>
    public static bool TryParseLogLevel(string value, out LogLevel level)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "none": level = LogLevel.None; return true;
            case "debug": level = LogLevel.Debug; return true;
            case "info" or "event": level = LogLevel.Information; return true;
            case "warn" or "warning": level = LogLevel.Warning; return true;
            case "error": level = LogLevel.Error; return true;
            default: level = default; return false;
        }
    }

    private sealed class TunnelUrlParameters
    {
        public LogLevel? Log;
        public int Tls;
        public int Mode;
        public bool Proxy;
        public string? CertificatePath;
        public string? PrivateKeyPath;
        public int? Min;
        public int? Max;
        public int? Slot;
        public int Rate;
        public TimeSpan? Read;
        public TimeSpan? Connect;
        public string? Name;
        public TargetStrategy Strategy = TargetStrategy.Failover;
    }
}
