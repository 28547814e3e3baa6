using Microsoft.AspNetCore.Components;
using Radzen;
using RelayEngine.Events;
using RelayEngine.Model;
using RelayWeb.Components.Dialogs;
using RelayWeb.Master;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Pages;

/// <summary>
/// Every relay with its live state and counters, this node's and those placed on agents (state from their heartbeats);
/// create, edit, start/stop/restart and delete from here.
/// </summary>
public partial class Relays : IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private IReadOnlyList<RelayRowViewModel> _rows = [];
    private string? _search;
    private bool _canWrite;

    [Inject]
    public required RelayDirectory Directory { get; init; }

    [Inject]
    public required AgentRegistry Agents { get; init; }

    [Inject]
    public required IEngineEvents Events { get; init; }

    [Inject]
    public required RelayActions Actions { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private IEnumerable<RelayRowViewModel> VisibleRows => string.IsNullOrWhiteSpace(_search)
        ? _rows
        : _rows.Where(r => Matches(r, _search.Trim()));

    private string RelaysSubtitle
    {
        get
        {
            if (_rows.Count == 0) return "Forwards from a port on this node or an agent to one or more targets";
            var running = _rows.Count(r => r.Status == RelayStatus.Running);
            var faulted = _rows.Count(r => r.Status == RelayStatus.Faulted);
            var remote = _rows.Count(r => r.IsRemote);
            return $"{_rows.Count} relays · {running} running" + (faulted > 0 ? $" · {faulted} faulted" : "") + (remote > 0 ? $" · {remote} on agents" : "");
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _canWrite = await Actions.CanWriteAsync();
        Refresh();
        _subscriptions.Add(Events.OnChanged(EngineTopic.Relays, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Events.OnChanged(EngineTopic.Stats, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Agents.OnChanged(() => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
    }

    private void Refresh() => _rows = RelayRowViewModel.FromAll(Directory.GetRelays(), Directory.IsRemote);

    private static bool Matches(RelayRowViewModel row, string term) =>
        row.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
        || row.Listen.Contains(term, StringComparison.OrdinalIgnoreCase)
        || row.Targets.Any(t => t.Contains(term, StringComparison.OrdinalIgnoreCase));

    private static string DetailUrl(RelayRowViewModel relay) => "/relays/" + Uri.EscapeDataString(relay.RelayId);

    private void OpenDetail(DataGridRowMouseEventArgs<RelayRowViewModel> args)
    {
        if (args.Data is { } relay) Navigation.NavigateTo(DetailUrl(relay));
    }

    private static void RenderRow(RowRenderEventArgs<RelayRowViewModel> args)
    {
        if (args.Data is not { } relay) return;
        args.Attributes["data-testid"] = "relay-row";
        args.Attributes["data-relay-id"] = relay.RelayId;
        args.Attributes["data-relay-name"] = relay.Name;
        if (relay.Status == RelayStatus.Faulted) args.Attributes["class"] = "relay-row-faulted";
    }

    private async Task CreateAsync()
    {
        await Actions.CreateAsync();
        Refresh();
    }

    private async Task EditAsync(RelayRowViewModel relay)
    {
        await Actions.EditAsync(relay.Config);
        Refresh();
    }

    private async Task DeleteAsync(RelayRowViewModel relay)
    {
        await Actions.DeleteAsync(relay);
        Refresh();
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
    }
}
