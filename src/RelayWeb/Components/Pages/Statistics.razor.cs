using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using RelayEngine.Management;
using RelayWeb.Master;
using RelayWeb.Statistics;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Pages;

/// <summary>
/// Traffic statistics from the roll-ups (<see cref="StatsQueryService"/>): totals, a chart per minute/hour/day/week, and
/// top tables whose rows link to the matching connections in Connections → History. Loaded on demand, never per packet.
/// </summary>
public partial class Statistics
{
    private static readonly Option<StatsRangePreset>[] s_ranges =
    [
        new("1 h", StatsRangePreset.LastHour),
        new("24 h", StatsRangePreset.Last24Hours),
        new("7 d", StatsRangePreset.Last7Days),
        new("30 d", StatsRangePreset.Last30Days),
        new("90 d", StatsRangePreset.Last90Days),
        new("1 y", StatsRangePreset.LastYear),
        new("Custom", StatsRangePreset.Custom),
    ];

    private static readonly (StatsDimension Dimension, string Id, string Title, string KeyTitle)[] s_tables =
    [
        (StatsDimension.Host, "hosts", "Top hosts", "Host"),
        (StatsDimension.Destination, "destinations", "Top destinations", "Destination"),
        (StatsDimension.Source, "sources", "Top sources", "Source address"),
        (StatsDimension.Agent, "agents", "Top nodes", "Node"),
        (StatsDimension.Relay, "relays", "Top relays", "Relay"),
    ];

    private readonly StatisticsFilter _filter = new();
    private PageViewModel? _page;
    private Option<string>[] _agentOptions = [];
    private Option<string>[] _relayOptions = [];
    private Dictionary<string, string> _relayNames = new(StringComparer.OrdinalIgnoreCase);
    private string _localAgentId = "";
    private int _loadVersion;

    [SupplyParameterFromQuery(Name = "range")]
    public string? RangeParameter { get; set; }

    [Inject]
    public required StatsQueryService Stats { get; init; }

    [Inject]
    public required RelayDirectory Relays { get; init; }

    [Inject]
    public required AgentRegistry Agents { get; init; }

    [Inject]
    public required IOptions<RelayEngineOptions> Engine { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private string BucketName => _page?.Bucket switch
    {
        StatsBucket.Minute => "minute",
        StatsBucket.Hour => "hour",
        StatsBucket.Week => "week",
        _ => "day",
    };

    private string RangeLabel => _page is null ? "" : $"{Exact(_page.From)} – {Exact(_page.To)} UTC";

    private string SourcesLabel => _page is null ? "" : _page.Sources.LedgerMinutes > 0
        ? $"{DisplayFormat.Count(_page.Sources.LedgerMinutes)} recent minute{(_page.Sources.LedgerMinutes == 1 ? "" : "s")} read from the ledger, the rest from roll-ups"
        : "from roll-ups";

    private TimeSpan AxisStep => _page?.Bucket switch
    {
        StatsBucket.Minute => TimeSpan.FromMinutes(10),
        StatsBucket.Hour => _page.To - _page.From > TimeSpan.FromDays(2) ? TimeSpan.FromDays(1) : TimeSpan.FromHours(3),
        StatsBucket.Week => TimeSpan.FromDays(28),
        _ => _page is not null && _page.To - _page.From > TimeSpan.FromDays(40) ? TimeSpan.FromDays(14) : TimeSpan.FromDays(3),
    };

    protected override async Task OnInitializedAsync()
    {
        if (Enum.TryParse<StatsRangePreset>(RangeParameter, ignoreCase: true, out var range)) _filter.Range = range;
        _localAgentId = Engine.Value.AgentId;
        _agentOptions = [new("This node", _localAgentId), .. Agents.GetAgents().Select(a => new Option<string>($"Agent {a.AgentId}", a.AgentId))];
        var relays = Relays.GetRelays();
        _relayNames = relays.ToDictionary(r => r.RelayId, r => r.Config.DisplayName, StringComparer.OrdinalIgnoreCase);
        _relayOptions = relays.OrderBy(r => r.Config.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(r => new Option<string>(r.Config.DisplayName, r.RelayId)).ToArray();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var version = ++_loadVersion;
        var now = Time.GetUtcNow().UtcDateTime;
        var (from, to, bucket) = _filter.Resolve(now);
        // One query for the chart and totals, one per top table; each opens its own context, so they run side by side.
        var seriesTask = Task.Run(() => Stats.QueryAsync(_filter.ToQuery(now, series: true), CancellationToken.None));
        var tableTasks = s_tables.Select(t => Task.Run(() => Stats.QueryAsync(_filter.ToQuery(now, t.Dimension, limit: 8), CancellationToken.None))).ToArray();
        var series = await seriesTask;
        var tables = await Task.WhenAll(tableTasks);
        if (version != _loadVersion) return; // a newer filter change already started loading

        _page = new PageViewModel(
            from,
            to,
            bucket,
            series.Totals,
            series.Sources,
            StatsChartPoint.Fill(series.Series, from, to, bucket),
            s_tables.Select((t, i) => new TopTable(t.Id, t.Title, t.KeyTitle, Rows(t.Dimension, tables[i], from, to))).ToList());
    }

    private IReadOnlyList<StatsTopRow> Rows(StatsDimension dimension, StatsResult result, DateTime from, DateTime to)
    {
        var max = Math.Max(1, result.Groups.Select(g => g.Totals.BytesTotal).DefaultIfEmpty(0).Max());
        return result.Groups.Select(g => new StatsTopRow(
            g.Key,
            Label(dimension, g.Key),
            g.Totals.BytesUp,
            g.Totals.BytesDown,
            g.Totals.Connections,
            g.Totals.P95DurationMs,
            (double)g.Totals.BytesTotal / max,
            _filter.DrillDownUrl(dimension, g.Key, from, to))).ToList();
    }

    private string Label(StatsDimension dimension, string key) => dimension switch
    {
        _ when key.Length == 0 => "(unknown)",
        StatsDimension.Relay => _relayNames.TryGetValue(key, out var name) ? name : key,
        StatsDimension.Agent when key == _localAgentId => $"This node ({key})",
        _ => key,
    };

    private async Task SetRangeAsync(StatsRangePreset range)
    {
        _filter.Range = range;
        if (range == StatsRangePreset.Custom && _page is not null)
        {
            _filter.CustomFromUtc ??= _page.From;
            _filter.CustomToUtc ??= _page.To;
        }
        await LoadAsync();
    }

    private async Task SetNetworkAsync(string network)
    {
        _filter.Network = network == "all" ? null : network;
        await LoadAsync();
    }

    private async Task ClearAsync()
    {
        _filter.Clear();
        await LoadAsync();
    }

    private static string Duration(double? milliseconds) => milliseconds is { } ms ? DisplayFormat.DurationMs((long)Math.Round(ms)) : "—";

    private static string Exact(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string FormatTime(object value) => value is DateTime time
        ? time.ToString(_page?.Bucket is StatsBucket.Minute or StatsBucket.Hour ? (_page.To - _page.From > TimeSpan.FromDays(2) ? "MMM d" : "HH:mm") : "MMM d", CultureInfo.InvariantCulture)
        : "";

    private static string FormatBytes(object value) => value switch
    {
        IConvertible c => DisplayFormat.Bytes((long)c.ToDouble(CultureInfo.InvariantCulture)),
        _ => "",
    };

    private string Tooltip(StatsChartPoint point) =>
        $"{point.Time.ToString(_page?.Bucket is StatsBucket.Minute or StatsBucket.Hour ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture)} UTC · "
        + $"↓ {DisplayFormat.Bytes(point.Down)} · ↑ {DisplayFormat.Bytes(point.Up)}";

    private sealed record Option<T>(string Text, T Value);

    private sealed record TopTable(string Id, string Title, string KeyTitle, IReadOnlyList<StatsTopRow> Rows);

    private sealed record PageViewModel(
        DateTime From,
        DateTime To,
        StatsBucket Bucket,
        StatsTotals Totals,
        StatsSources Sources,
        IReadOnlyList<StatsChartPoint> Chart,
        IReadOnlyList<TopTable> Tables)
    {
        public bool IsEmpty => Totals.Connections == 0 && Totals.BytesTotal == 0 && Totals.Closed == 0;
    }
}
