using Microsoft.AspNetCore.Components;
using Radzen;
using RelayEngine.Configuration;
using RelayEngine.Model;
using RelayWeb.Data;
using RelayWeb.Master;
using RelayWeb.Services;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Dialogs;

/// <summary>
/// Creates or edits a relay. Validates with the engine's own validator first (so messages appear next to their field at
/// once), then saves through <see cref="IRelayStore"/>, whose Invalid/Conflict answers map back to the fields too. Closes
/// with the stored <see cref="RelayStoreResult"/> once the engine has applied the change.
/// </summary>
public partial class EditRelayDialog
{
    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromSeconds(3);

    private RelayFormErrors _errors = RelayFormErrors.None;
    private IReadOnlyList<RunsOnOption> _runsOnOptions = [];
    private bool _saving;

    [Parameter, EditorRequired]
    public required RelayFormModel Model { get; set; }

    /// <summary>Who is saving, for the audit log (<c>user:admin</c>).</summary>
    [Parameter, EditorRequired]
    public required string Actor { get; set; }

    [Inject]
    public required IEngineConfigValidator Validator { get; init; }

    [Inject]
    public required IRelayStore Store { get; init; }

    [Inject]
    public required IRelayControl Control { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required KnownAgents KnownAgents { get; init; }

    protected override void OnInitialized()
    {
        _runsOnOptions = Model.RunsOnOptions(KnownAgents.Get()).Select(o => new RunsOnOption(o.Text, o.Value)).ToArray();
    }

    private string StrategyHint => Model.Strategy switch
    {
        TargetStrategy.Failover => "Failover uses the first target and moves down the list when a connect fails.",
        TargetStrategy.RoundRobin => "Round-robin takes the next target for each new connection.",
        TargetStrategy.All => "All sends every datagram to every target.",
        _ => "",
    };

    private static string StrategyText(TargetStrategy strategy) => strategy == TargetStrategy.All ? "all" : RelayLabels.Strategy(strategy);

    private void OnProtocolChanged(RelayProtocol protocol) => Model.SetProtocol(protocol);

    private void Cancel() => Dialogs.Close(null);

    private sealed record RunsOnOption(string Text, string Value);

    private async Task SaveAsync()
    {
        if (_saving) return;
        var config = Model.ToConfig();
        _errors = RelayFormErrors.From(Validator.Validate(config), Model);
        if (_errors.HasErrors) return;

        _saving = true;
        try
        {
            var result = Model.IsNew
                ? await Store.CreateAsync(config, Actor)
                : await Store.UpdateAsync(config, Actor);
            switch (result.Status)
            {
                case RelayStoreStatus.Ok:
                    await WaitForEngineAsync(result.RevisionId);
                    Dialogs.Close(result);
                    return;
                case RelayStoreStatus.NotFound:
                    _errors = RelayFormErrors.FromMessage("This relay no longer exists; someone deleted it. Close the dialog and create it again.");
                    return;
                case RelayStoreStatus.Conflict when result.Errors is not { Count: > 0 }:
                    _errors = RelayFormErrors.From([new ConfigError(RelayFormFields.Name, "Another relay already has this name.")], Model);
                    return;
                default:
                    _errors = RelayFormErrors.From(result.Errors ?? [new ConfigError("", "The relay could not be saved.")], Model);
                    return;
            }
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>Waits briefly for the engine to bind, so the grid shows the new state when the dialog closes.</summary>
    private async Task WaitForEngineAsync(string? revisionId)
    {
        if (revisionId is null) return;
        using var timeout = new CancellationTokenSource(s_applyTimeout);
        try
        {
            await Control.WaitForRevisionAsync(revisionId, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The engine is slow to apply; the grid updates when it does.
        }
    }
}
