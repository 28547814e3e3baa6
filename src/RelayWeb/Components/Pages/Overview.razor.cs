using Microsoft.AspNetCore.Components;
using RelayEngine.Events;
using RelayEngine.Model;
using RelayWeb.Components.Dialogs;
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

    private ThroughputSeries Series => _windowMinutes == 5 ? _series : Read(_windowMinutes);

    private double CurrentTotalRate => (_series.Latest?.UpPerSecond ?? 0) + (_series.Latest?.DownPerSecond ?? 0);

    protected override async Task OnInitializedAsync()
    {
        _canWrite = await Actions.CanWriteAsync();
        Refresh();
        _subscriptions.Add(Events.OnChanged(EngineTopic.Stats, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Events.OnChanged(EngineTopic.Relays, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
    }

    private void Refresh()
    {
        _summary = OverviewSummary.From(Relays.GetRelays());
        _series = Read(5);
    }

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
