namespace RelayEngine.Mihomo;

/// <summary>
/// Where and how <see cref="MihomoConnectionSource"/> reads a Mihomo (Clash Meta) external controller. Read once at
/// start. The web host binds it from <c>Relay:Mihomo</c> (<c>--mihomo-host</c>, <c>--mihomo-port</c>, <c>--mihomo-token</c>).
/// </summary>
public sealed class MihomoOptions
{
    /// <summary>The controller's host name or IP (Mihomo's <c>external-controller</c>). Required.</summary>
    public string Host { get; set; } = "";

    /// <summary>The controller's port. Default 9090.</summary>
    public int Port { get; set; } = 9090;

    /// <summary>
    /// The controller's <c>secret</c>, sent as <c>Authorization: Bearer</c> and, on the WebSocket, also as <c>?token=</c>
    /// (both are accepted by Mihomo). Null or empty when Mihomo has no secret. Never logged.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>How often Mihomo pushes a full snapshot (<c>/connections?interval=</c>). Default 1 second; at least 100 ms.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First delay before reconnecting after a failure; doubles per failure (with jitter). Default 1 second.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest delay between reconnect attempts. Default 30 seconds.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the connections Relay knew stay open while the controller is unreachable (or at start, for the rows the
    /// previous run left open). The first snapshot after reconnecting decides which are still alive; past this period they
    /// are closed with their last counters (reason <c>source_lost</c>). Default 2 minutes.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A session that delivers no snapshot for this long is dropped and reconnected (a controller that hangs). Default
    /// 30 seconds; at least three <see cref="Interval"/>s are always allowed.
    /// </summary>
    public TimeSpan ReceiveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one WebSocket connect or <c>DELETE</c> request. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest snapshot accepted, in bytes (about 1 KiB per connection). Default 64 MiB.</summary>
    public int MaxSnapshotBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The pseudo-relay id Mihomo connections are recorded under in the ledger and live views. Default <c>mihomo</c>.</summary>
    public string RelayId { get; set; } = "mihomo";

    /// <summary>The pseudo-relay's display name. Default <c>Mihomo HOST:PORT</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The configuration errors of these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host)) errors.Add("Mihomo host is required (--mihomo-host).");
        if (Port is < 1 or > 65535) errors.Add($"Mihomo port must be between 1 and 65535 (got {Port}).");
        if (Interval < TimeSpan.FromMilliseconds(100)) errors.Add($"Mihomo interval must be at least 100 ms (got {Interval.TotalMilliseconds} ms).");
        if (ReconnectMinDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay) errors.Add("Mihomo reconnect delays must be positive with min <= max.");
        if (GracePeriod < TimeSpan.Zero) errors.Add("Mihomo grace period cannot be negative.");
        if (ReceiveTimeout <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero) errors.Add("Mihomo timeouts must be positive.");
        if (MaxSnapshotBytes < 1024) errors.Add("Mihomo MaxSnapshotBytes must be at least 1024.");
        if (string.IsNullOrWhiteSpace(RelayId) || RelayId.Length > 64) errors.Add("Mihomo RelayId must be 1 to 64 characters.");
        return errors;
    }
}
