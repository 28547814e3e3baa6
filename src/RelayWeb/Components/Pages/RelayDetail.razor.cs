using Microsoft.AspNetCore.Components;
using RelayEngine.Events;
using RelayEngine.Model;
using RelayWeb.Components.Dialogs;
using RelayWeb.Master;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Pages;

/// <summary>One relay: state and reason, counters, live traffic chart, configuration and its open connections.</summary>
public partial class RelayDetail : IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private RelayRowViewModel? _relay;
    private ThroughputSeries _series = ThroughputSeries.Empty;
    private DateTime _now;
    private bool _canWrite;

    [Parameter]
    public required string RelayId { get; set; }

    [Inject]
    public required RelayDirectory Directory { get; init; }

    [Inject]
    public required AgentRegistry Agents { get; init; }

    [Inject]
    public required ITrafficHistory History { get; init; }

    [Inject]
    public required IEngineEvents Events { get; init; }

    [Inject]
    public required RelayActions Actions { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canWrite = await Actions.CanWriteAsync();
        _subscriptions.Add(Events.OnChanged(EngineTopic.Relays, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Events.OnChanged(EngineTopic.Stats, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Agents.OnChanged(() => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
    }

    protected override void OnParametersSet() => Refresh();

    private void Refresh()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _relay = Directory.TryGetRelay(RelayId, out var snapshot) ? RelayRowViewModel.From(snapshot, Directory.IsRemote(snapshot)) : null;
        _series = ThroughputSeries.From(History.GetHistory(RelayId), TimeSpan.FromMinutes(5), _now);
    }

    private static string Optional(TimeSpan? value) => value is { } v ? DisplayFormat.Duration(v) : "engine default";

    private async Task EditAsync()
    {
        if (_relay is null) return;
        await Actions.EditAsync(_relay.Config);
        Refresh();
    }

    private async Task DeleteAsync()
    {
        if (_relay is not null && await Actions.DeleteAsync(_relay)) Navigation.NavigateTo("/relays");
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
    }
}
