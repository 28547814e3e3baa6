using Microsoft.AspNetCore.Components;
using Radzen;
using RelayEngine.Events;
using RelayEngine.Model;
using RelayWeb.Components.Dialogs;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Panels;

/// <summary>
/// Open connections of the node or of one relay, live: an initial snapshot, then the engine's change batches (at most
/// 10 a second) applied on the renderer's context. The Stats topic (once a second) is the clock that ages durations
/// and lets closed rows fade out.
/// </summary>
public partial class LiveConnectionsPanel : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly LiveConnectionList _list = new();
    private IDisposable? _clock;
    private Task? _watch;
    private DateTime _now;
    private string? _search;
    private bool _canWrite;
    private Dictionary<string, string> _relayNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>One relay's connections, or null for all of them (then a Relay column is shown).</summary>
    [Parameter]
    public string? RelayId { get; set; }

    [Inject]
    public required IEngineEvents Events { get; init; }

    [Inject]
    public required IRelayStateLookup Relays { get; init; }

    [Inject]
    public required RelayActions Actions { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private IReadOnlyList<LiveConnectionRow> VisibleRows => _list.Filter(_search, RelayName);

    protected override async Task OnInitializedAsync()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _canWrite = await Actions.CanWriteAsync();
        ReadRelayNames();
        _clock = Events.OnChanged(EngineTopic.Stats, () => InvokeAsync(Tick));
        var subscription = await Events.SubscribeConnectionsAsync(RelayId, _cts.Token);
        _list.Reset(subscription.InitialState);
        _watch = Task.Run(() => WatchAsync(subscription.Changes, _cts.Token));
    }

    private async Task WatchAsync(IAsyncEnumerable<IReadOnlyList<ConnectionChange>> changes, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in changes.WithCancellation(cancellationToken))
            {
                await InvokeAsync(() =>
                {
                    _now = Time.GetUtcNow().UtcDateTime;
                    _list.Apply(batch, _now);
                    if (batch.Any(c => c.Connection is { } connection && !_relayNames.ContainsKey(connection.RelayId))) ReadRelayNames();
                    StateHasChanged();
                });
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Surface the failure in the page's error boundary instead of silently freezing the list.
            await InvokeAsync(() => DispatchExceptionAsync(ex));
        }
    }

    private void Tick()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _list.Prune(_now);
        ReadRelayNames();
        StateHasChanged();
    }

    private void ReadRelayNames() =>
        _relayNames = Relays.GetRelays().ToDictionary(r => r.RelayId, r => r.Config.DisplayName, StringComparer.OrdinalIgnoreCase);

    private string RelayName(string relayId) => _relayNames.TryGetValue(relayId, out var name) ? name : relayId;

    private Task CloseAsync(LiveConnectionRow row) => Actions.CloseConnectionAsync(row.Connection, RelayName(row.RelayId));

    private static void RenderRow(RowRenderEventArgs<LiveConnectionRow> args)
    {
        if (args.Data is not { } row) return;
        args.Attributes["data-testid"] = "live-row";
        args.Attributes["data-connection-id"] = row.Id.ToString();
        args.Attributes["data-source"] = row.Source;
        args.Attributes["data-state"] = row.IsClosed ? "closed" : "open";
        if (row.IsClosed) args.Attributes["class"] = "relay-row-closed";
    }

    public async ValueTask DisposeAsync()
    {
        _clock?.Dispose();
        await _cts.CancelAsync();
        if (_watch is not null)
        {
            try
            {
                await _watch;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // Expected: the page (or the whole circuit) is going away.
            }
        }
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }
}
