using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RelayEngine.Connections;

namespace RelayEngine.Mihomo;

/// <summary>Turns a Mihomo connection's fields into the ledger's: id, network, source, listen, target, start, metadata.</summary>
internal static class MihomoConnectionMapper
{
    /// <summary>
    /// The ledger id of a Mihomo id: the UUID itself; any other non-empty string (not what Mihomo sends) maps to a stable
    /// name-based GUID so it still tracks. False for a missing id.
    /// </summary>
    public static bool TryGetId(string? id, out Guid guid)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            guid = Guid.Empty;
            return false;
        }
        if (Guid.TryParse(id, out guid)) return true;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(id), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8 (custom), RFC 9562
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        guid = new Guid(hash[..16], bigEndian: true);
        return true;
    }

    /// <summary><c>tcp</c> or <c>udp</c> (lower case); <c>tcp</c> when Mihomo did not say.</summary>
    public static string Network(MihomoConnectionMetadata? metadata) =>
        string.IsNullOrWhiteSpace(metadata?.Network) ? "tcp" : Truncate(metadata.Network.Trim().ToLowerInvariant(), 8);

    /// <summary>The client, <c>sourceIP:sourcePort</c>.</summary>
    public static string Source(MihomoConnectionMetadata? metadata) =>
        Truncate(Address(metadata?.SourceIp, metadata?.SourcePort) ?? "unknown", 64);

    /// <summary>Where the client reached Mihomo: <c>inboundIP:inboundPort</c>, else the inbound's name, else <paramref name="fallback"/>.</summary>
    public static string Listen(MihomoConnectionMetadata? metadata, string fallback) =>
        Truncate(Address(metadata?.InboundIp, metadata?.InboundPort) ?? NullIfEmpty(metadata?.InboundName) ?? fallback, 128);

    /// <summary>The destination as the user asked for it: <c>host:port</c> when Mihomo has a host name, else <c>destinationIP:port</c>.</summary>
    public static string? Target(MihomoConnectionMetadata? metadata)
    {
        if (metadata is null) return null;
        var host = NullIfEmpty(metadata.Host) ?? NullIfEmpty(metadata.SniffHost) ?? NullIfEmpty(metadata.DestinationIp);
        if (host is null) return null;
        return Truncate(metadata.DestinationPort is { } port ? FormatHostPort(host, port) : host, 512);
    }

    /// <summary>
    /// Mihomo's <c>start</c> as UTC; <paramref name="nowUtc"/> when missing or unreadable, and at most
    /// <paramref name="nowUtc"/> (a controller whose clock runs ahead must not produce negative durations).
    /// </summary>
    public static DateTime StartUtc(string? start, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(start)) return nowUtc;
        // Go writes up to nine fractional digits; .NET reads at most seven, so cut the rest (sub-100 ns is noise here).
        var text = TrimFraction(start.Trim());
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)) return nowUtc;
        return value.UtcDateTime <= nowUtc ? value.UtcDateTime : nowUtc;
    }

    public static ConnectionMetadata ToMetadata(MihomoConnection connection)
    {
        var m = connection.Metadata;
        return new ConnectionMetadata
        {
            Type = NullIfEmpty(m?.Type),
            Host = NullIfEmpty(m?.Host),
            SniffHost = NullIfEmpty(m?.SniffHost),
            Process = NullIfEmpty(m?.Process),
            ProcessPath = NullIfEmpty(m?.ProcessPath),
            InboundName = NullIfEmpty(m?.InboundName),
            InboundUser = NullIfEmpty(m?.InboundUser),
            DestinationIp = NullIfEmpty(m?.DestinationIp),
            DestinationPort = m?.DestinationPort,
            Chains = connection.Chains is { Count: > 0 } chains ? chains.Where(c => c is not null).ToArray() : [],
            Rule = NullIfEmpty(connection.Rule),
            RulePayload = NullIfEmpty(connection.RulePayload),
        };
    }

    private static string? Address(string? ip, int? port)
    {
        var host = NullIfEmpty(ip);
        if (host is null) return null;
        return port is { } p ? FormatHostPort(host, p) : host;
    }

    private static string FormatHostPort(string host, int port) =>
        host.Contains(':') && !host.StartsWith('[')
            ? $"[{host}]:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";

    private static string TrimFraction(string text)
    {
        var dot = text.IndexOf('.');
        if (dot < 0) return text;
        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        return end - dot - 1 <= 7 ? text : string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
