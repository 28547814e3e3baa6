using Microsoft.AspNetCore.Components;
using RelayEngine.Events;
using RelayEngine.Model;
using RelayWeb.Components.Dialogs;
using RelayWeb.Data;
using RelayWeb.Master;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Pages;

/// <summary>
/// The node at a glance: tiles, a live throughput chart and the relays that need attention. Re-reads the engine's
/// lookups when the Relays or Stats topic fires (once a second at most for Stats, 10 Hz at most overall).
/// </summary>
public partial class Overview : IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private OverviewSummary _summary = OverviewSummary.From([]);
    private ThroughputSeries _series = ThroughputSeries.Empty;
    private int _windowMinutes = 5;
    private string _chartNode = "";
    private IReadOnlyList<NodeOption> _chartNodes = [];
    private IReadOnlyList<AgentRowViewModel> _agents = [];
    private bool _canWrite;

    [Inject]
    public required IRelayStateLookup Relays { get; init; }

    [Inject]
    public required ITrafficHistory History { get; init; }

    [Inject]
    public required IEngineEvents Events { get; init; }

    [Inject]
    public required RelayActions Actions { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required AgentRegistry Agents { get; init; }

    [Inject]
    public required AgentTrafficHistory AgentTraffic { get; init; }

    [Inject]
    public required DbEngineConfigProvider Placements { get; init; }

    /// <summary>This node's 1-second samples, or an agent's per-sync averages from its heartbeats.</summary>
    private ThroughputSeries Series => _chartNode.Length > 0
        ? ThroughputSeries.From(AgentTraffic.Get(_chartNode), TimeSpan.FromMinutes(_windowMinutes), Time.GetUtcNow().UtcDateTime)
        : _windowMinutes == 5 ? _series : Read(_windowMinutes);

    private string ChartSubtitle => _chartNode.Length > 0
        ? $"Bytes per second through agent {_chartNode}, averaged between its syncs"
        : "Bytes per second through every relay on this node";

    private double CurrentTotalRate => (_series.Latest?.UpPerSecond ?? 0) + (_series.Latest?.DownPerSecond ?? 0);

    protected override async Task OnInitializedAsync()
    {
        _canWrite = await Actions.CanWriteAsync();
        Refresh();
        _subscriptions.Add(Events.OnChanged(EngineTopic.Stats, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Events.OnChanged(EngineTopic.Relays, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Agents.OnChanged(() => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
    }

    private void Refresh()
    {
        _summary = OverviewSummary.From(Relays.GetRelays());
        _series = Read(5);
        var now = Time.GetUtcNow().UtcDateTime;
        _agents = AgentRowViewModel.FromAll(Agents.GetAgents(), Placements.GetAssignments(), now);
        if (_chartNodes.Count != _agents.Count + 1)
        {
            _chartNodes = [new("This node", ""), .. _agents.Select(a => new NodeOption($"Agent {a.AgentId}", a.AgentId))];
        }
    }

    private sealed record NodeOption(string Text, string Value);

    private ThroughputSeries Read(int minutes) =>
        ThroughputSeries.From(History.GetHistory(), TimeSpan.FromMinutes(minutes), Time.GetUtcNow().UtcDateTime);

    private async Task CreateRelayAsync()
    {
        await Actions.CreateAsync();
        Refresh();
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
    }
}
