using RelayEngine.Connections;

namespace RelayEngine.Mihomo;

/// <summary>
/// A Mihomo connection the tracker follows: the engine's <see cref="ConnectionState"/> plus the controller's last cumulative
/// counters, from which each snapshot's delta is taken. Owned by the tracker's single loop; only
/// <see cref="DeleteFailed"/> is written from elsewhere (the DELETE sender).
/// </summary>
internal sealed class TrackedMihomoConnection(string mihomoId, ConnectionState state)
{
    private volatile bool _deleteFailed;

    /// <summary>The id as Mihomo spells it (used in <c>DELETE /connections/{id}</c>).</summary>
    public string MihomoId { get; set; } = mihomoId;

    public ConnectionState State { get; } = state;

    /// <summary>Mihomo's cumulative upload in the last snapshot that listed it.</summary>
    public long LastUp { get; set; }

    /// <summary>Mihomo's cumulative download in the last snapshot that listed it.</summary>
    public long LastDown { get; set; }

    /// <summary>
    /// True until the first snapshot after it was resumed from the ledger: that snapshot's delta moved while this process
    /// was not watching, so it raises the connection's totals but not the pseudo-relay's traffic.
    /// </summary>
    public bool Baseline { get; set; }

    /// <summary>Keeps the close-request callback registered on <see cref="ConnectionState.Aborted"/>.</summary>
    public CancellationTokenRegistration AbortRegistration { get; set; }

    /// <summary>Set when a <c>DELETE</c> for it failed, so the next snapshot that still lists it sends it again.</summary>
    public bool DeleteFailed { get => _deleteFailed; set => _deleteFailed = value; }
}
