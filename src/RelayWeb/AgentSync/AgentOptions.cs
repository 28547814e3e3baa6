namespace RelayWeb.AgentSync;

/// <summary>
/// Knobs of <c>relay agent</c>, bound from <c>Relay:Agent</c> (flags and <c>RELAY_*</c> variables map onto these keys; see
/// <c>RelayEnvironmentVariables.Agent</c>). The agent's id is <c>RelayEngine:AgentId</c>.
/// </summary>
public sealed class AgentOptions
{
    public const string SectionName = "Relay:Agent";

    /// <summary>The master's base URL (<c>http://10.0.0.1:5080</c>); null: offline, everything stays in the local database.</summary>
    public string? MasterUrl { get; set; }

    /// <summary>The API token sent as <c>Authorization: Bearer</c> (an <c>agent</c>-scoped token, or the master's <c>--api-token</c>).</summary>
    public string? MasterToken { get; set; }

    /// <summary>The agent's SQLite database: its ledger, sync cursor and last assignment. Required.</summary>
    public string? LocalDatabase { get; set; }

    /// <summary>Seconds between syncs once the agent is level with the master. Default 60.</summary>
    public int SyncIntervalSeconds { get; set; } = 60;

    /// <summary>Synced records older than this many days are deleted; unsynced records never are. Default 7.</summary>
    public int DataRetentionDays { get; set; } = 7;

    /// <summary>Free-form region label shown on the master (<c>eu-west</c>).</summary>
    public string? Region { get; set; }

    /// <summary>Most records in one sync request. Default 1000 (halved automatically when the master answers 413).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Upper bound of the catch-up rate after an outage, in records per second. Default 20000: a backlog of a million records
    /// goes up in under a minute without taking the CPU and disk from live relaying.
    /// </summary>
    public int CatchUpRecordsPerSecond { get; set; } = 20_000;

    /// <summary>Timeout of one sync request. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries after failures (before jitter). Default 5 minutes, and at most 5 sync intervals.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often retention runs. Default 1 hour (first run 1 minute after start).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Below this much free space on the database's disk the agent reports the disk as full. Default 64 MiB.</summary>
    public long MinFreeDiskBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Optional port of a local health endpoint (<c>GET /health</c>, JSON); null: none.</summary>
    public int? HealthPort { get; set; }

    /// <summary>Address the health endpoint binds to. Default 127.0.0.1.</summary>
    public string HealthHost { get; set; } = "127.0.0.1";

    public TimeSpan SyncInterval => TimeSpan.FromSeconds(Math.Max(1, SyncIntervalSeconds));

    /// <summary>Every problem with these values (empty when valid), worded for a command line.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(LocalDatabase)) errors.Add("--local-database is required (the agent's SQLite file).");
        if (MasterUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"--master-url must be an http:// or https:// URL (got '{url}').");
        }
        if (SyncIntervalSeconds < 1) errors.Add($"--sync-interval must be 1 second or more (got {SyncIntervalSeconds}).");
        if (DataRetentionDays < 1) errors.Add($"--data-retention-days must be 1 or more (got {DataRetentionDays}).");
        if (BatchSize is < 1 or > Master.SyncLimits.MaxRecords) errors.Add($"Relay:Agent:BatchSize must be between 1 and {Master.SyncLimits.MaxRecords} (got {BatchSize}).");
        if (CatchUpRecordsPerSecond < 1) errors.Add($"Relay:Agent:CatchUpRecordsPerSecond must be 1 or more (got {CatchUpRecordsPerSecond}).");
        if (Region is { Length: > 64 }) errors.Add("--region must be at most 64 characters.");
        if (HealthPort is < 1 or > 65535) errors.Add($"--health-port must be between 1 and 65535 (got {HealthPort}).");
        return errors;
    }
}
