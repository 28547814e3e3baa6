using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Model;
using RelayWeb.Auth;
using RelayWeb.Services;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Dialogs;

/// <summary>
/// The relay and connection commands the pages share: open the relay dialog, start/stop/restart, delete and close a
/// connection, each with its confirmation and a notification of the outcome. One per circuit (scoped). Every write checks
/// the <see cref="RelayPolicies.Write"/> policy itself (the store does not), so a read-only account can look but not change.
/// </summary>
public sealed class RelayActions(
    DialogService dialogs,
    NotificationService notifications,
    IRelayStore store,
    IRelayControl control,
    IConnectionLookup connections,
    AuthenticationStateProvider authentication,
    IAuthorizationService authorization)
{
    private static readonly DialogOptions s_dialogOptions = new() { Width = "640px", CloseDialogOnEsc = true, ShowClose = true };
    private bool? _canWrite;

    /// <summary>True when the signed-in account may change relays and close connections (checked once per circuit).</summary>
    public async Task<bool> CanWriteAsync()
    {
        if (_canWrite is { } known) return known;
        var state = await authentication.GetAuthenticationStateAsync();
        _canWrite = (await authorization.AuthorizeAsync(state.User, RelayPolicies.Write)).Succeeded;
        return _canWrite.Value;
    }

    /// <summary>Opens the "New relay" dialog. Returns the created relay, or null when cancelled.</summary>
    public Task<RelayConfig?> CreateAsync() => OpenEditorAsync(new RelayFormModel(), "New relay");

    public Task<RelayConfig?> EditAsync(RelayConfig relay) => OpenEditorAsync(RelayFormModel.From(relay), $"Edit {relay.DisplayName}");

    public async Task SetEnabledAsync(RelayRowViewModel relay, bool enabled)
    {
        if (!await EnsureCanWriteAsync()) return;
        if (!enabled && relay.ActiveConnections > 0
            && await dialogs.Confirm($"{relay.Name} has {DisplayFormat.Count(relay.ActiveConnections)} open connection(s); stopping closes them.",
                $"Stop {relay.Name}?", new ConfirmOptions { OkButtonText = "Stop relay", CancelButtonText = "Keep running" }) != true)
        {
            return;
        }
        var result = await store.SetEnabledAsync(relay.RelayId, enabled, await ActorAsync());
        Report(result, enabled ? $"{relay.Name} is starting." : $"{relay.Name} stopped.");
    }

    public async Task RestartAsync(RelayRowViewModel relay)
    {
        if (!await EnsureCanWriteAsync()) return;
        var restarted = await control.RestartRelayAsync(relay.RelayId);
        if (restarted) Notify(NotificationSeverity.Info, $"{relay.Name} restarted.");
        else Notify(NotificationSeverity.Warning, $"{relay.Name} is not known to the engine; it may have been deleted.");
    }

    /// <summary>Asks, then deletes. True when the relay is gone.</summary>
    public async Task<bool> DeleteAsync(RelayRowViewModel relay)
    {
        if (!await EnsureCanWriteAsync()) return false;
        var text = relay.ActiveConnections > 0
            ? $"{relay.Name} stops listening on {relay.Listen} and its {DisplayFormat.Count(relay.ActiveConnections)} open connection(s) are closed. Its connection history is kept."
            : $"{relay.Name} stops listening on {relay.Listen}. Its connection history is kept.";
        var confirmed = await dialogs.Confirm(text, $"Delete {relay.Name}?",
            new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Cancel", CssClass = "relay-confirm-danger" });
        if (confirmed != true) return false;
        var result = await store.DeleteAsync(relay.RelayId, await ActorAsync());
        return Report(result, $"{relay.Name} deleted.");
    }

    /// <summary>Asks, then closes an open connection (close reason "closed by admin").</summary>
    public async Task CloseConnectionAsync(ConnectionSnapshot connection, string relayName)
    {
        if (!await EnsureCanWriteAsync()) return;
        var confirmed = await dialogs.Confirm(
            $"{connection.Source} → {connection.Target ?? connection.Listen} on {relayName} is closed on both sides.",
            "Close this connection?",
            new ConfirmOptions { OkButtonText = "Close connection", CancelButtonText = "Keep open", CssClass = "relay-confirm-danger" });
        if (confirmed != true) return;
        switch (connections.CloseConnection(connection.Id))
        {
            case CloseConnectionResult.Closed:
                Notify(NotificationSeverity.Success, $"Closed {connection.Source}.");
                break;
            case CloseConnectionResult.AlreadyClosed:
            case CloseConnectionResult.NotFound:
                Notify(NotificationSeverity.Info, $"{connection.Source} had already closed.");
                break;
        }
    }

    /// <summary>The audit actor of the signed-in account (<c>user:admin</c>).</summary>
    public async Task<string> ActorAsync() => RelayPrincipal.GetActor((await authentication.GetAuthenticationStateAsync()).User);

    private async Task<bool> EnsureCanWriteAsync()
    {
        if (await CanWriteAsync()) return true;
        Notify(NotificationSeverity.Warning, "Your account can view relays but not change them.");
        return false;
    }

    private async Task<RelayConfig?> OpenEditorAsync(RelayFormModel model, string title)
    {
        if (!await EnsureCanWriteAsync()) return null;
        var parameters = new Dictionary<string, object?>
        {
            [nameof(EditRelayDialog.Model)] = model,
            [nameof(EditRelayDialog.Actor)] = await ActorAsync(),
        };
        if (await dialogs.OpenAsync<EditRelayDialog>(title, parameters, s_dialogOptions) is not RelayStoreResult { Relay: { } relay })
        {
            return null;
        }
        Notify(NotificationSeverity.Success, model.IsNew ? $"{relay.DisplayName} created." : $"{relay.DisplayName} saved.");
        return relay;
    }

    private bool Report(RelayStoreResult result, string success)
    {
        switch (result.Status)
        {
            case RelayStoreStatus.Ok:
                Notify(NotificationSeverity.Success, success);
                return true;
            case RelayStoreStatus.NotFound:
                Notify(NotificationSeverity.Warning, "That relay no longer exists.");
                return false;
            default:
                Notify(NotificationSeverity.Error, string.Join(" ", result.Errors?.Select(e => e.Message) ?? ["The change was rejected."]));
                return false;
        }
    }

    private void Notify(NotificationSeverity severity, string summary) =>
        notifications.Notify(new NotificationMessage { Severity = severity, Summary = summary, Duration = 4000 });
}
