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
/// The one tunnel form, to create a tunnel or edit one (<see cref="TunnelFormModel.IsEdit"/>): server end on one node,
/// client end on another (or the same), flow, TLS, pool, rate, slot, read and key. Validates with
/// <see cref="TunnelDefinitionValidator"/> first (messages next to their field), saves through <see cref="ITunnelStore"/>,
/// waits briefly for this node's engine, and closes with the stored result (a created one carries the key, once).
/// </summary>
public partial class TunnelDialog
{
    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromSeconds(3);

    private IReadOnlyList<ConfigError> _errors = [];
    private List<string> _general = [];
    private IReadOnlyList<RunsOnOption> _runsOn = [];
    private bool _saving;

    [Parameter, EditorRequired]
    public required TunnelFormModel Model { get; set; }

    [Parameter, EditorRequired]
    public required string Actor { get; set; }

    [Inject]
    public required ITunnelStore Store { get; init; }

    [Inject]
    public required IRelayControl Control { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required KnownAgents KnownAgents { get; init; }

    protected override void OnInitialized()
    {
        _runsOn = TunnelFormModel.RunsOnOptions(KnownAgents.Get()).Select(o => new RunsOnOption(o.Text, o.Value)).ToArray();
    }

    private string FlowHint => Model.Flow == TunnelFlow.Reverse
        ? "Users connect at the server end; the client end (behind NAT) reaches the service. Publishes a private service."
        : "Users connect at the client end; the server end dials the service. Reaches a service only the server can see.";

    private string ClientAddressPlaceholder => Model.ServerRunsOn == Model.ClientRunsOn && Model.EffectiveClientAddress is { Length: > 0 } local
        ? $"{local} (same node)"
        : "server.example.com:10101";

    private IReadOnlyList<string> Errors(params string[] fields) =>
        _errors.Where(e => fields.Any(f => e.Field == f || e.Field.StartsWith(f + "[", StringComparison.Ordinal))).Select(e => e.Message).ToArray();

    private void Cancel() => Dialogs.Close(null);

    private string KeyHint => (Model.IsEdit, Model.GenerateKey) switch
    {
        (false, true) => "A 32-character key is generated and shown once after saving. Relay hands it to both ends.",
        (true, true) => "Both ends keep the key they have.",
        (true, false) => "Both ends switch to this key; an end that runs outside Relay needs it too.",
        _ => "Both ends authenticate with it; it never crosses the wire.",
    };

    private static readonly string[] s_fieldsShown =
        ["name", "tls", "crt", "server.tunnelAddress", "server.targets", "client.tunnelAddress", "client.targets", "min", "max", "rate", "slot", "read", "key"];

    private async Task SaveAsync()
    {
        if (_saving) return;
        var tunnel = Model.ToDefinition();
        // A key to be generated (new) or kept (edit) is not known here; the validator sees a stand-in.
        var checkable = tunnel with { Key = Model.GenerateKey ? "placeholder" : tunnel.Key };
        if (!Show([.. Model.FormErrors(), .. TunnelDefinitionValidator.Validate(checkable)])) return;
        _saving = true;
        try
        {
            var result = Model.IsEdit ? await Store.UpdateAsync(tunnel, Actor) : await Store.CreateAsync(tunnel, Actor);
            if (result.Status == RelayStoreStatus.Ok)
            {
                await WaitForEngineAsync(result.RevisionId);
                Dialogs.Close(result);
                return;
            }
            Show(result.Errors ?? [new ConfigError("", result.Status == RelayStoreStatus.NotFound ? "This tunnel no longer exists." : "The tunnel could not be saved.")]);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>Shows <paramref name="errors"/> by field; those with no field on the form go to the general alert. True when none.</summary>
    private bool Show(IReadOnlyList<ConfigError> errors)
    {
        _errors = errors;
        _general = errors.Where(e => !s_fieldsShown.Any(f => e.Field == f || e.Field.StartsWith(f + "[", StringComparison.Ordinal)))
            .Select(e => string.IsNullOrEmpty(e.Field) ? e.Message : $"{e.Field}: {e.Message}").ToList();
        return errors.Count == 0;
    }

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
            // slow to apply; the page updates when it does
        }
    }

    private sealed record RunsOnOption(string Text, string Value);
}
