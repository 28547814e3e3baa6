using Microsoft.AspNetCore.Components;
using RelayWeb.Master;
using RelayWeb.Services;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Panels;

/// <summary>
/// The connections an agent had open at its last sync (the ledger rows it sent that are still open), re-read whenever an
/// agent syncs. The master has no live stream from agents: they push every sync interval.
/// </summary>
public partial class AgentLiveConnectionsPanel : IDisposable
{
    private const int Limit = 1000;
    private IReadOnlyList<ConnectionHistoryRow> _rows = [];
    private Dictionary<string, string> _relayNames = new(StringComparer.OrdinalIgnoreCase);
    private IDisposable? _subscription;
    private DateTime _now;
    private DateTime? _lastSeenUtc;
    private int _total;

    [Parameter, EditorRequired]
    public required string AgentId { get; set; }

    [Inject]
    public required IConnectionQueries Queries { get; init; }

    [Inject]
    public required AgentRegistry Agents { get; init; }

    [Inject]
    public required RelayDirectory Relays { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override void OnInitialized() =>
        _subscription = Agents.OnChanged(() => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _lastSeenUtc = Agents.TryGetAgent(AgentId, out var agent) ? agent.LastSeenUtc : null;
        _relayNames = Relays.GetRelays().ToDictionary(r => r.RelayId, r => r.Config.DisplayName, StringComparer.OrdinalIgnoreCase);
        var page = await Queries.QueryAsync(new ConnectionQuery { Agent = AgentId, State = "open", Limit = Limit });
        _rows = page.Items.Select(c => ConnectionHistoryRow.From(c, _now)).ToArray();
        _total = page.Total;
    }

    private string RelayName(string relayId) => _relayNames.TryGetValue(relayId, out var name) ? name : relayId;

    public void Dispose() => _subscription?.Dispose();
}
