namespace RelayWeb.Hosting;

/// <summary>
/// Host knobs of <c>relay serve</c>, bound from the <c>Relay</c> configuration section. Every key also comes from a flag
/// (<c>--data-dir</c>) and an environment variable (<c>RELAY_DATA_DIR</c>); see README "Configuration".
/// </summary>
public sealed class RelayWebOptions
{
    public const string SectionName = "Relay";

    /// <summary>Directory for the database (<c>relay.db</c>) and logs. Default <c>./data</c>.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>Address the dashboard and API bind to. Default 127.0.0.1 (safe: not reachable from other machines).</summary>
    public string ListenHost { get; set; } = "127.0.0.1";

    /// <summary>Port of the dashboard and API. Default 5080.</summary>
    public int ListenPort { get; set; } = 5080;

    /// <summary>An admin API token accepted in addition to stored tokens (<c>--api-token</c>, <c>RELAY_API_TOKEN</c>).</summary>
    public string? ApiToken { get; set; }

    /// <summary>Password for user <c>admin</c> (<c>--admin-password</c>, <c>RELAY_ADMIN_PASSWORD</c>); without it the first start generates one and logs it once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Database file; default <c>{DataDir}/relay.db</c>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Largest accepted API request body in bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted agent sync body (<c>POST /api/v1/sync</c>) in bytes. Default 16 MiB.</summary>
    public long MaxSyncBodyBytes { get; set; } = 16 * 1024 * 1024;

    public string ResolveDatabasePath() => Path.GetFullPath(DatabasePath ?? Path.Combine(DataDir, "relay.db"));
}
