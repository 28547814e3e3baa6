namespace RelayWeb.Metrics;

/// <summary><c>/metrics</c> access, bound from <c>Relay:Metrics</c>. Read once at start.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Relay:Metrics";

    /// <summary>
    /// Whether scrapes without a token are served. Unset (the default): only while Relay listens on loopback alone
    /// (<c>--listen-host 127.0.0.1</c>, <c>::1</c> or <c>localhost</c>) and the scrape comes from loopback. <c>true</c>:
    /// always (put a firewall in front). <c>false</c>: never. Any token with scope <c>admin</c> or <c>read-only</c> is
    /// always accepted (<c>Authorization: Bearer</c> or <c>X-API-Key</c>).
    /// </summary>
    public bool? AllowAnonymous { get; set; }
}
