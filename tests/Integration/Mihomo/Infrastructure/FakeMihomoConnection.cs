namespace RelayWeb.IntegrationTests.Mihomo.Infrastructure;

/// <summary>One connection the fake controller reports (Mihomo's <c>TrackerInfo</c> plus its <c>metadata</c>).</summary>
internal sealed record FakeMihomoConnection
{
    public string Id { get; init; } = Guid.NewGuid().ToString("D");
    public string Network { get; init; } = "tcp";
    public string Type { get; init; } = "Socks5";
    public string SourceIp { get; init; } = "192.168.1.20";
    public int SourcePort { get; init; } = 51000;
    public string DestinationIp { get; init; } = "93.184.216.34";
    public int DestinationPort { get; init; } = 443;
    public string InboundIp { get; init; } = "127.0.0.1";
    public int InboundPort { get; init; } = 7890;
    public string InboundName { get; init; } = "DEFAULT-MIXED";
    public string InboundUser { get; init; } = "";
    public string Host { get; init; } = "example.com";
    public string SniffHost { get; init; } = "";
    public string Process { get; init; } = "curl";
    public string ProcessPath { get; init; } = "/usr/bin/curl";
    public IReadOnlyList<string> Chains { get; init; } = ["HK-01", "Proxy"];
    public string Rule { get; init; } = "DomainSuffix";
    public string RulePayload { get; init; } = "example.com";
    /// <summary>A minute ago, written in UTC+8 (the controller's local time) to exercise the offset.</summary>
    public DateTimeOffset Start { get; init; } = DateTimeOffset.UtcNow.AddMinutes(-1).ToOffset(TimeSpan.FromHours(8));
    public long Upload { get; init; }
    public long Download { get; init; }
}
