using Microsoft.AspNetCore.Components;
using Radzen;
using RelayEngine.Events;
using RelayEngine.Tunnels;
using RelayWeb.Components.Dialogs;
using RelayWeb.Master;
using RelayWeb.Services;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Pages;

/// <summary>
/// Every tunnel with both ends (which node runs each), their state, ping, pool and traffic, live: definitions are re-read
/// when a tunnel changes, states recomputed on the engine's 1-second stats tick and on agent heartbeats (never per packet).
/// Creates and edits tunnels through <see cref="TunnelDialog"/> and shows a generated key once.
/// </summary>
public partial class Tunnels : IDisposable
{
    private static readonly DialogOptions s_dialogOptions = new() { Width = "780px", CloseDialogOnEsc = true, ShowClose = true };

    private readonly List<IDisposable> _subscriptions = [];
    private IReadOnlyList<TunnelDefinition> _tunnels = [];
    private IReadOnlyList<TunnelCardViewModel> _cards = [];
    private (string Name, string Key)? _createdKey;
    private bool _canWrite;

    [Inject]
    public required ITunnelStore Store { get; init; }

    [Inject]
    public required TunnelPlacementStates States { get; init; }

    [Inject]
    public required AgentRegistry Agents { get; init; }

    [Inject]
    public required IEngineEvents Events { get; init; }

    [Inject]
    public required RelayActions Actions { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private string Subtitle
    {
        get
        {
            if (_cards.Count == 0) return "Join two machines: a server end and a client end that dials out to it";
            var connected = _cards.Count(c => c.Status == TunnelStatus.Connected);
            var remote = _cards.Count(c => c.Server?.IsRemote == true || c.Client?.IsRemote == true);
            return $"{_cards.Count} tunnel{(_cards.Count == 1 ? "" : "s")} · {connected} connected" + (remote > 0 ? $" · {remote} with an end on an agent" : "");
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _canWrite = await Actions.CanWriteAsync();
        await ReloadAsync();
        _subscriptions.Add(Events.OnChanged(EngineTopic.Tunnels, () => InvokeAsync(async () => { await ReloadAsync(); StateHasChanged(); })));
        _subscriptions.Add(Events.OnChanged(EngineTopic.Stats, () => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
        _subscriptions.Add(Agents.OnChanged(() => InvokeAsync(() => { Refresh(); StateHasChanged(); })));
    }

    private async Task ReloadAsync()
    {
        _tunnels = await Store.ListAsync();
        Refresh();
    }

    private void Refresh() => _cards = _tunnels.Select(t => TunnelCardViewModel.From(t, States)).ToArray();

    private async Task CreateAsync()
    {
        if (!_canWrite) return;
        var parameters = new Dictionary<string, object?>
        {
            [nameof(TunnelDialog.Model)] = new TunnelFormModel(),
            [nameof(TunnelDialog.Actor)] = await Actions.ActorAsync(),
        };
        if (await Dialogs.OpenAsync<TunnelDialog>("New tunnel", parameters, s_dialogOptions) is not TunnelStoreResult { Tunnel: { } created }) return;
        _createdKey = (created.DisplayName, created.Key);
        Notify(NotificationSeverity.Success, $"{created.DisplayName} created.");
        await ReloadAsync();
    }

    private async Task EditAsync(TunnelCardViewModel card)
    {
        if (!_canWrite) return;
        // The stored tunnel as it is now (the card may be a second old); its key stays redacted.
        if (await Store.GetAsync(card.TunnelId) is not { } current)
        {
            Notify(NotificationSeverity.Warning, "That tunnel no longer exists.");
            await ReloadAsync();
            return;
        }
        var parameters = new Dictionary<string, object?>
        {
            [nameof(TunnelDialog.Model)] = TunnelFormModel.From(current),
            [nameof(TunnelDialog.Actor)] = await Actions.ActorAsync(),
        };
        if (await Dialogs.OpenAsync<TunnelDialog>($"Edit {current.DisplayName}", parameters, s_dialogOptions) is not TunnelStoreResult { Tunnel: { } saved }) return;
        Notify(NotificationSeverity.Success, $"{saved.DisplayName} saved.");
        await ReloadAsync();
    }

    private async Task SetEnabledAsync(TunnelCardViewModel card, bool enabled)
    {
        var result = await Store.SetEnabledAsync(card.TunnelId, enabled, await Actions.ActorAsync());
        if (result.Status == RelayStoreStatus.Ok) Notify(NotificationSeverity.Success, enabled ? $"{card.Name} is starting." : $"{card.Name} stopped.");
        else Notify(NotificationSeverity.Warning, "That tunnel no longer exists.");
        await ReloadAsync();
    }

    private async Task DeleteAsync(TunnelCardViewModel card)
    {
        var confirmed = await Dialogs.Confirm($"Both ends of {card.Name} stop and their open connections are closed. Their connection history is kept.", $"Delete {card.Name}?",
            new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Cancel", CssClass = "relay-confirm-danger" });
        if (confirmed != true) return;
        var result = await Store.DeleteAsync(card.TunnelId, await Actions.ActorAsync());
        if (result.Status == RelayStoreStatus.Ok) Notify(NotificationSeverity.Success, $"{card.Name} deleted.");
        await ReloadAsync();
    }

    private void Notify(NotificationSeverity severity, string summary) =>
        Notifications.Notify(new NotificationMessage { Severity = severity, Summary = summary, Duration = 4000 });

    public void Dispose()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
    }
}
