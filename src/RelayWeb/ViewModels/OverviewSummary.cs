using RelayEngine.Model;

namespace RelayWeb.ViewModels;

/// <summary>The Overview page's tiles, computed from the relays' snapshots.</summary>
public sealed record OverviewSummary
{
    public int RelayCount { get; init; }
    public int Running { get; init; }
    public int Faulted { get; init; }
    public int Stopped { get; init; }

    /// <summary>Starting or stopping right now.</summary>
    public int Transitioning { get; init; }

    public int ActiveConnections { get; init; }
    public long TotalConnections { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }
    public IReadOnlyList<RelayRowViewModel> FaultedRelays { get; init; } = [];

    /// <summary>The relays carrying the most connections now, then the most bytes; at most five.</summary>
    public IReadOnlyList<RelayRowViewModel> BusiestRelays { get; init; } = [];

    public static OverviewSummary From(IReadOnlyList<RelaySnapshot> relays)
    {
        ArgumentNullException.ThrowIfNull(relays);
        var rows = relays.Select(r => RelayRowViewModel.From(r)).ToArray();
        return new OverviewSummary
        {
            RelayCount = rows.Length,
            Running = rows.Count(r => r.Status == RelayStatus.Running),
            Faulted = rows.Count(r => r.Status == RelayStatus.Faulted),
            Stopped = rows.Count(r => r.Status == RelayStatus.Stopped),
            Transitioning = rows.Count(r => r.Status is RelayStatus.Starting or RelayStatus.Stopping),
            ActiveConnections = rows.Sum(r => r.ActiveConnections),
            TotalConnections = rows.Sum(r => r.TotalConnections),
            BytesUp = rows.Sum(r => r.BytesUp),
            BytesDown = rows.Sum(r => r.BytesDown),
            FaultedRelays = rows.Where(r => r.Status == RelayStatus.Faulted).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToArray(),
            BusiestRelays = rows.Where(r => r.Status == RelayStatus.Running)
                .OrderByDescending(r => r.ActiveConnections).ThenByDescending(r => r.TotalBytes).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
                .Take(5).ToArray(),
        };
    }
}
