using Microsoft.AspNetCore.Components;
using Radzen;
using RelayEngine.Events;
using RelayWeb.Data;
using RelayWeb.Master;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Pages;

/// <summary>
/// Every agent that synced with this master: online or offline (from its last sync's age), last seen, version, region,
/// backlog and lag, last error, its relays. Re-read when an agent syncs, and once a second (the Stats topic) so an agent
/// going silent turns offline on screen without any event.
/// </summary>
public partial class Agents : IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private IReadOnlyList<AgentRowViewModel> _rows = [];
    private DateTime _now;

    [Inject]
    public required AgentRegistry Registry { get; init; }

    [Inject]
    public required DbEngineConfigProvider Placements { get; init; }

    [Inject]
    public required IEngineEvents Events { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private string MasterUrl => Navigation.BaseUri.TrimEnd('/');

    private string Subtitle => _rows.Count == 0
        ? "Remote machines running relays for this master"
        : $"{_rows.Count} agent{(_rows.Count == 1 ? "" : "s")} · {_rows.Count(r => r.IsOnline)} online · updated live";

    protected override void OnInitialized()
    {
        Refresh();
        _subscriptions.Add(Registry.OnChanged(() => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Events.OnChanged(EngineTopic.Stats, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
    }

    private void Refresh()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _rows = AgentRowViewModel.FromAll(Registry.GetAgents(), Placements.GetAssignments(), _now);
    }

    private static void RenderRow(RowRenderEventArgs<AgentRowViewModel> args)
    {
        if (args.Data is not { } agent) return;
        args.Attributes["data-testid"] = "agent-row";
        args.Attributes["data-agent-id"] = agent.AgentId;
        if (!agent.IsOnline) args.Attributes["class"] = "relay-row-faulted";
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
    }
}
