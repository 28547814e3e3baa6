using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;
using Microsoft.Extensions.Options;
using RelayEngine.Management;
using RelayWeb.Master;
using RelayWeb.Services;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Panels;

/// <summary>The connection ledger: a server-side paged, sorted and filtered grid, and a CSV export of the same filter.</summary>
public partial class ConnectionHistoryPanel
{
    private static readonly int[] s_pageSizes = [25, 50, 100];
    private static readonly Option<HistoryTimeRange>[] s_ranges =
    [
        new("Last 15 minutes", HistoryTimeRange.Last15Minutes),
        new("Last hour", HistoryTimeRange.LastHour),
        new("Last 24 hours", HistoryTimeRange.Last24Hours),
        new("Last 7 days", HistoryTimeRange.Last7Days),
        new("Custom range (UTC)", HistoryTimeRange.Custom),
    ];

    private readonly ConnectionHistoryFilter _filter = new();
    private RadzenDataGrid<ConnectionHistoryRow>? _grid;
    // Null until the first load: Radzen's grid loads its first page on first render only when Data is null
    // (radzenhq/radzen-blazor#391); an empty list showed an empty history until Refresh was pressed.
    private IReadOnlyList<ConnectionHistoryRow>? _rows;
    private Option<string>[] _relayOptions = [];
    private Option<string>[] _agentOptions = [];
    private string _localAgentId = "";
    private Dictionary<string, string> _relayNames = new(StringComparer.OrdinalIgnoreCase);
    private int _total;
    private bool _loading;
    private DateTime _now;

    /// <summary>Pre-selects a relay (from <c>?relay=</c>).</summary>
    [Parameter]
    public string? InitialRelayId { get; set; }

    /// <summary>Pre-selects a node (from <c>?agent=</c>).</summary>
    [Parameter]
    public string? InitialAgentId { get; set; }

    /// <summary>Pre-fills the source filter (from <c>?source=</c>).</summary>
    [Parameter]
    public string? InitialSource { get; set; }

    /// <summary>Pre-fills the target filter (from <c>?target=</c>).</summary>
    [Parameter]
    public string? InitialTarget { get; set; }

    /// <summary>With <see cref="InitialUntil"/>: a custom start-time range, ISO-8601 (from <c>?since=</c>/<c>?until=</c>).</summary>
    [Parameter]
    public string? InitialSince { get; set; }

    [Parameter]
    public string? InitialUntil { get; set; }

    [Inject]
    public required IConnectionQueries Queries { get; init; }

    [Inject]
    public required RelayDirectory Relays { get; init; }

    [Inject]
    public required AgentRegistry Agents { get; init; }

    [Inject]
    public required IOptions<RelayEngineOptions> Engine { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private string ExportUrl => _filter.ExportUrl(Time.GetUtcNow().UtcDateTime);

    private string StateValue => _filter.State ?? "all";

    protected override void OnInitialized()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _filter.RelayId = InitialRelayId;
        _filter.AgentId = InitialAgentId;
        _filter.Source = string.IsNullOrWhiteSpace(InitialSource) ? null : InitialSource;
        _filter.Target = string.IsNullOrWhiteSpace(InitialTarget) ? null : InitialTarget;
        if (ParseUtc(InitialSince) is { } since)
        {
            _filter.Range = HistoryTimeRange.Custom;
            _filter.CustomSinceUtc = since;
            _filter.CustomUntilUtc = ParseUtc(InitialUntil);
        }
        _localAgentId = Engine.Value.AgentId;
        _agentOptions = [new("This node", _localAgentId), .. Agents.GetAgents().Select(a => new Option<string>($"Agent {a.AgentId}", a.AgentId))];
        var relays = Relays.GetRelays();
        _relayNames = relays.ToDictionary(r => r.RelayId, r => r.Config.DisplayName, StringComparer.OrdinalIgnoreCase);
        _relayOptions = relays.OrderBy(r => r.Config.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(r => new Option<string>(r.Config.DisplayName, r.RelayId)).ToArray();
    }

    private static DateTime? ParseUtc(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value)
            ? value.UtcDateTime
            : null;

    private string RelayName(string relayId) => _relayNames.TryGetValue(relayId, out var name) ? name : relayId;

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        _now = Time.GetUtcNow().UtcDateTime;
        var sort = args.Sorts?.FirstOrDefault(s => s.SortOrder is not null);
        var query = _filter.ToQuery(_now, args.Skip ?? 0, args.Top ?? 25, sort?.Property, sort?.SortOrder != SortOrder.Ascending);
        try
        {
            var page = await Queries.QueryAsync(query);
            _rows = page.Items.Select(c => ConnectionHistoryRow.From(c, _now)).ToArray();
            _total = page.Total;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null) await _grid.FirstPage(true);
    }

    private async Task SetStateAsync(string state)
    {
        _filter.State = state == "all" ? null : state;
        await ReloadAsync();
    }

    private async Task ClearAsync()
    {
        _filter.Clear();
        await ReloadAsync();
    }

    private static void RenderRow(RowRenderEventArgs<ConnectionHistoryRow> args)
    {
        if (args.Data is not { } row) return;
        args.Attributes["data-testid"] = "history-row";
        args.Attributes["data-connection-id"] = row.Id.ToString();
        args.Attributes["data-source"] = row.Source;
        args.Attributes["data-state"] = row.IsOpen ? "open" : "closed";
        args.Attributes["data-reason"] = row.Connection.CloseReason.ToString();
    }

    private sealed record Option<T>(string Text, T Value);
}
