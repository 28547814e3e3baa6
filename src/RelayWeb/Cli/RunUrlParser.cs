using System.Globalization;
using RelayEngine.Configuration;

namespace RelayWeb.Cli;

/// <summary>
/// Parses NodePass-style URLs for <c>relay run</c>:
/// <c>tcp://LISTEN/TARGET[,TARGET...][?name=&amp;strategy=&amp;connect=&amp;idle=&amp;max=]</c>, <c>udp://...</c>,
/// <c>fanout://LISTEN/T1,T2</c> (UDP to every target), and the tunnel ends <c>server://[KEY@]TUNNEL/TARGET?...</c> and
/// <c>client://KEY@TUNNEL/TARGET?...</c> (<see cref="TryParseRun"/>). NodePass's <c>read</c> (idle timeout) and
/// <c>slot</c> (max connections) are accepted as synonyms. Durations are <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>;
/// a bare number is seconds.
/// </summary>
public static partial class RunUrlParser
{
    private static readonly HashSet<string> KnownParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "strategy", "connect", "idle", "read", "max", "slot",
    };

    public static bool TryParse(string url, int index, out RelayConfig relay, out string error)
    {
        relay = null!;
        error = "";
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            error = $"'{url}' is not a relay URL; expected tcp://LISTEN/TARGET, udp://LISTEN/TARGET, fanout://LISTEN/T1,T2, server://[KEY@]TUNNEL/TARGET or client://KEY@TUNNEL/TARGET.";
            return false;
        }
        var scheme = url[..schemeEnd].ToLowerInvariant();
        var rest = url[(schemeEnd + 3)..];
        var query = "";
        var queryStart = rest.IndexOf('?');
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        RelayProtocol protocol;
        var strategy = TargetStrategy.Failover;
        switch (scheme)
        {
            case "tcp": protocol = RelayProtocol.Tcp; break;
            case "udp": protocol = RelayProtocol.Udp; break;
            case "fanout": protocol = RelayProtocol.Udp; strategy = TargetStrategy.All; break;
            case "server" or "client":
                error = $"'{scheme}://' is a tunnel end, not a forward; parse it with TryParseRun.";
                return false;
            default:
                error = $"Unknown scheme '{scheme}://'; use tcp://, udp://, fanout://, server:// or client://.";
                return false;
        }

        var slash = rest.IndexOf('/');
        if (slash < 0 || slash == rest.Length - 1)
        {
            error = $"'{url}' has no target; write {scheme}://LISTEN/TARGET, for example {scheme}://127.0.0.1:15301/127.0.0.1:15201.";
            return false;
        }
        var listen = rest[..slash];
        var targets = rest[(slash + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        string? name = null;
        TimeSpan? connect = null, idle = null;
        int? max = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = Uri.UnescapeDataString(eq < 0 ? "" : pair[(eq + 1)..]);
            if (!KnownParameters.Contains(key))
            {
                error = $"Unknown parameter '{key}' in '{url}'; known: {string.Join(", ", KnownParameters.Order())}.";
                return false;
            }
            switch (key.ToLowerInvariant())
            {
                case "name": name = value; break;
                case "strategy":
                    if (!TryParseStrategy(value, out strategy))
                    {
                        error = $"Unknown strategy '{value}'; use failover, round-robin or all (UDP).";
                        return false;
                    }
                    break;
                case "connect":
                    if (!TryParseDuration(value, out var c)) { error = $"'{value}' is not a duration for '{key}' (e.g. 5s, 500ms)."; return false; }
                    connect = c;
                    break;
                case "idle" or "read":
                    if (!TryParseDuration(value, out var i)) { error = $"'{value}' is not a duration for '{key}' (e.g. 30s, 5m, 1h)."; return false; }
                    idle = i;
                    break;
                case "max" or "slot":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m)) { error = $"'{value}' is not a number for '{key}'."; return false; }
                    max = m;
                    break;
            }
        }

        relay = new RelayConfig
        {
            RelayId = $"run-{index + 1}",
            Name = string.IsNullOrWhiteSpace(name) ? $"{scheme}-{index + 1}" : name,
            Protocol = protocol,
            Listen = listen,
            Targets = targets,
            Strategy = strategy,
            ConnectTimeout = connect,
            IdleTimeout = idle,
            MaxConnections = max,
        };
        return true;
    }

    public static bool TryParseStrategy(string value, out TargetStrategy strategy)
    {
        switch (value.Trim().ToLowerInvariant().Replace("_", "-"))
        {
            case "failover": strategy = TargetStrategy.Failover; return true;
            case "round-robin" or "roundrobin" or "rr": strategy = TargetStrategy.RoundRobin; return true;
            case "all" or "fanout" or "fan-out": strategy = TargetStrategy.All; return true;
            default: strategy = default; return false;
        }
    }

    public static bool TryParseDuration(string value, out TimeSpan duration)
    {
        duration = default;
        value = value.Trim().ToLowerInvariant();
        var (digits, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : value.EndsWith('m') ? (value[..^1], 60.0)
            : value.EndsWith('h') ? (value[..^1], 3600.0)
            : (value, 1.0);
        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0) return false;
        duration = TimeSpan.FromSeconds(amount * unit);
        return true;
    }
}
