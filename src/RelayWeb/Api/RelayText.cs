using System.Diagnostics.CodeAnalysis;
using RelayEngine.Configuration;

namespace RelayWeb.Api;

/// <summary>The API's words for protocol and strategy, parsed leniently (any case) with errors that list the valid words.</summary>
public static class RelayText
{
    public static bool TryParseProtocol(string? text, out RelayProtocol protocol, [NotNullWhen(false)] out string? error)
    {
        (protocol, error) = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "tcp" => (RelayProtocol.Tcp, null),
            "udp" => (RelayProtocol.Udp, null),
            _ => (RelayProtocol.Tcp, $"Unknown protocol '{text}'; use 'tcp' or 'udp'."),
        };
        return error is null;
    }

    public static bool TryParseStrategy(string? text, out TargetStrategy strategy, [NotNullWhen(false)] out string? error)
    {
        (strategy, error) = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "failover" => (TargetStrategy.Failover, null),
            "round-robin" or "roundrobin" => (TargetStrategy.RoundRobin, null),
            "all" => (TargetStrategy.All, null),
            _ => (TargetStrategy.Failover, $"Unknown strategy '{text}'; use 'failover', 'round-robin' or 'all' (UDP only)."),
        };
        return error is null;
    }
}
