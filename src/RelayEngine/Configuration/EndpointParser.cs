using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace RelayEngine.Configuration;

/// <summary>Parses the address forms users type: <c>1.2.3.4:80</c>, <c>[::1]:80</c>, <c>host.example:80</c>, <c>:80</c> (all interfaces).</summary>
public static class EndpointParser
{
    /// <summary>A listen address must be an IP literal (or empty host = 0.0.0.0, or <c>localhost</c>) with a port 0-65535.</summary>
    public static bool TryParseListen(string? value, [NotNullWhen(true)] out IPEndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (!TryParseHostPort(value, allowPortZero: true, out var hostPort, out error)) return false;
        var host = hostPort.Host;
        IPAddress? address = host.Length == 0 ? IPAddress.Any
            : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : hostPort.Address;
        if (address is null)
        {
            error = $"'{host}' is not an IP address; a listen address must be an IP such as 127.0.0.1, 0.0.0.0 or [::1].";
            return false;
        }
        endPoint = new IPEndPoint(address, hostPort.Port);
        return true;
    }

    /// <summary>A target is <c>HOST:PORT</c> with a port 1-65535; the host may be a DNS name.</summary>
    public static bool TryParseTarget(string? value, out HostPort target, [NotNullWhen(false)] out string? error)
    {
        if (!TryParseHostPort(value, allowPortZero: false, out target, out error)) return false;
        if (target.Host.Length == 0)
        {
            error = $"'{value}' has no host; write it as HOST:PORT, for example 127.0.0.1:8080.";
            return false;
        }
        return true;
    }

    private static bool TryParseHostPort(string? value, bool allowPortZero, out HostPort result, [NotNullWhen(false)] out string? error)
    {
        result = default;
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            error = "An address is required, as HOST:PORT.";
            return false;
        }

        string host;
        string portText;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            if (close < 0 || close + 1 >= value.Length || value[close + 1] != ':')
            {
                error = $"'{value}' is not a valid address; IPv6 is written as [ADDRESS]:PORT.";
                return false;
            }
            host = value[1..close];
            portText = value[(close + 2)..];
            if (!IPAddress.TryParse(host, out _))
            {
                error = $"'{host}' is not a valid IPv6 address.";
                return false;
            }
        }
        else
        {
            var colon = value.LastIndexOf(':');
            if (colon < 0)
            {
                error = $"'{value}' has no port; write it as HOST:PORT.";
                return false;
            }
            host = value[..colon];
            portText = value[(colon + 1)..];
            if (host.Contains(':'))
            {
                error = $"'{value}' looks like IPv6; write it as [ADDRESS]:PORT.";
                return false;
            }
            if (host.Length > 0 && !IsValidHostName(host))
            {
                error = $"'{host}' is not a valid host name or IP address.";
                return false;
            }
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535 || port < (allowPortZero ? 0 : 1))
        {
            error = $"'{portText}' is not a valid port; use {(allowPortZero ? 0 : 1)}-65535.";
            return false;
        }

        result = new HostPort(host, port);
        error = null;
        return true;
    }

    private static bool IsValidHostName(string host)
    {
        if (IPAddress.TryParse(host, out _)) return true;
        return Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4;
    }
}
