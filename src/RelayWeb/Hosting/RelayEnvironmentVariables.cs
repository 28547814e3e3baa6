namespace RelayWeb.Hosting;

/// <summary>
/// Maps Relay's documented environment variables (<c>RELAY_DATA_DIR</c>...) onto configuration keys (<c>Relay:DataDir</c>).
/// The same table drives <c>--help</c>, so a flag, its variable and its appsettings key can never disagree.
/// </summary>
public static class RelayEnvironmentVariables
{
    public sealed record Setting(string Flag, string EnvironmentVariable, string ConfigKey, string Description, string? Default);

    public static IReadOnlyList<Setting> Serve { get; } =
    [
        new("--data-dir", "RELAY_DATA_DIR", "Relay:DataDir", "Directory for the database (relay.db) and logs.", "./data"),
        new("--listen-host", "RELAY_LISTEN_HOST", "Relay:ListenHost", "Address the dashboard and API bind to.", "127.0.0.1"),
        new("--listen-port", "RELAY_LISTEN_PORT", "Relay:ListenPort", "Port of the dashboard and API.", "5080"),
        new("--api-token", "RELAY_API_TOKEN", "Relay:ApiToken", "An admin API token, accepted besides the tokens created in the dashboard.", null),
        new("--admin-password", "RELAY_ADMIN_PASSWORD", "Relay:AdminPassword", "Password of user 'admin'; without it the first start generates one and logs it once.", null),
        new("--agent-id", "RELAY_AGENT_ID", "RelayEngine:AgentId", "This node's id in the connection ledger.", "local"),
        new("--database", "RELAY_DATABASE", "Relay:DatabasePath", "SQLite database file. Without --data-dir, logs go to logs/ beside it.", "DATA_DIR/relay.db"),
        new("--mihomo-host", "RELAY_MIHOMO_HOST", "Relay:Mihomo:Host", "Collect the connections of this Mihomo (Clash Meta) external controller into the ledger (standalone mode).", null),
        new("--mihomo-port", "RELAY_MIHOMO_PORT", "Relay:Mihomo:Port", "Port of the Mihomo external controller.", "9090"),
        new("--mihomo-token", "RELAY_MIHOMO_TOKEN", "Relay:Mihomo:Token", "The Mihomo controller's secret (sent as a Bearer token).", null),
    ];

    public static IConfigurationBuilder AddRelayEnvironmentVariables(this IConfigurationBuilder configuration)
    {
        var values = new Dictionary<string, string?>();
        foreach (var setting in Serve)
        {
            var value = Environment.GetEnvironmentVariable(setting.EnvironmentVariable);
            if (!string.IsNullOrEmpty(value)) values[setting.ConfigKey] = value;
        }
        return configuration.AddInMemoryCollection(values);
    }
}
