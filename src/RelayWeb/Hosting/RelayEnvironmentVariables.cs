namespace RelayWeb.Hosting;

/// <summary>
/// Maps Relay's documented environment variables (<c>RELAY_DATA_DIR</c>...) onto configuration keys (<c>Relay:DataDir</c>).
/// The same table drives <c>--help</c>, so a flag, its variable and its appsettings key can never disagree.
/// </summary>
public static class RelayEnvironmentVariables
{
    public sealed record Setting(string Flag, string EnvironmentVariable, string ConfigKey, string Description, string? Default, bool IsNumber = false);

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

    /// <summary>The flags of <c>relay agent</c>.</summary>
    public static IReadOnlyList<Setting> Agent { get; } =
    [
        new("--master-url", "RELAY_MASTER_URL", "Relay:Agent:MasterUrl", "The master's URL (http://HOST:PORT). Without it the agent runs offline: everything stays in the local database.", null),
        new("--master-token", "RELAY_MASTER_TOKEN", "Relay:Agent:MasterToken", "API token for the master (sent as Authorization: Bearer): an 'agent' token from the dashboard, or the master's --api-token.", null),
        new("--agent-id", "RELAY_AGENT_ID", "RelayEngine:AgentId", "Required. This agent's unique id: the master files its records and assigns relays by it (letters, digits, '.', '_', '-').", null),
        new("--local-database", "RELAY_LOCAL_DATABASE", "Relay:Agent:LocalDatabase", "Required. The agent's SQLite file: ledger, unsynced backlog, sync cursor, last assignment. Logs go to logs/ beside it.", null),
        new("--sync-interval", "RELAY_SYNC_INTERVAL", "Relay:Agent:SyncIntervalSeconds", "Seconds between syncs once level with the master (a backlog goes up at once, paced).", "60", IsNumber: true),
        new("--data-retention-days", "RELAY_DATA_RETENTION_DAYS", "Relay:Agent:DataRetentionDays", "Synced records older than this are deleted locally; records the master has not acknowledged never are.", "7", IsNumber: true),
        new("--region", "RELAY_REGION", "Relay:Agent:Region", "A region label shown on the master's Agents page.", null),
        new("--health-port", "RELAY_HEALTH_PORT", "Relay:Agent:HealthPort", "Serve GET /health (JSON: sync state, backlog, last error, disk) on this port of --health-host; off by default.", null, IsNumber: true),
        new("--health-host", "RELAY_HEALTH_HOST", "Relay:Agent:HealthHost", "Address of the health endpoint.", "127.0.0.1"),
        new("--mihomo-host", "RELAY_MIHOMO_HOST", "Relay:Mihomo:Host", "Collect the connections of this Mihomo (Clash Meta) external controller into the ledger and sync them to the master.", null),
        new("--mihomo-port", "RELAY_MIHOMO_PORT", "Relay:Mihomo:Port", "Port of the Mihomo external controller.", "9090", IsNumber: true),
        new("--mihomo-token", "RELAY_MIHOMO_TOKEN", "Relay:Mihomo:Token", "The Mihomo controller's secret (sent as a Bearer token).", null),
    ];

    public static IConfigurationBuilder AddRelayEnvironmentVariables(this IConfigurationBuilder configuration)
    {
        var values = new Dictionary<string, string?>();
        foreach (var setting in Serve.Concat(Agent).DistinctBy(s => s.EnvironmentVariable))
        {
            var value = Environment.GetEnvironmentVariable(setting.EnvironmentVariable);
            if (!string.IsNullOrEmpty(value)) values[setting.ConfigKey] = value;
        }
        return configuration.AddInMemoryCollection(values);
    }
}
