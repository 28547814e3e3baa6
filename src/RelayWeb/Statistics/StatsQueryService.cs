using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelayData;
using RelayData.Entities;
using RelayEngine.Management;

namespace RelayWeb.Statistics;

/// <summary>
/// Answers <see cref="StatsQuery"/>s from the roll-ups where they are current (weeks, days, hours and minutes, per
/// <see cref="StatsQueryPlanner"/>) and from the ledger for the minutes not rolled up yet, in one SQL statement per
/// answer part (totals or groups, series). Read-only; contexts per call.
/// </summary>
public sealed class StatsQueryService(IDbContextFactory<RelayDbContext> dbFactory, IOptions<RelayEngineOptions>? engineOptions = null)
{
    // This node's own agent id: its rows are in the roll-ups though it is not in the agents table.
    private readonly string _localAgentId = engineOptions?.Value.AgentId ?? new RelayEngineOptions().AgentId;

    private const string Sums = """
        COALESCE(SUM("BytesUp"), 0), COALESCE(SUM("BytesDown"), 0), COALESCE(SUM("Opened"), 0), COALESCE(SUM("Closed"), 0),
        COALESCE(SUM("DurationCount"), 0), COALESCE(SUM("DurationSumMs"), 0)
        """;

    private static readonly string s_histogramSums = string.Join(", ", StatsDurationBuckets.Columns.Select(c => $"COALESCE(SUM(\"{c}\"), 0)"));

    public async Task<StatsResult> QueryAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var from = StatsTime.ToMinute(query.From);
        var to = Math.Max(from, StatsTime.ToMinuteCeiling(query.To));
        // Without filters, totals and top-N lists read the per-dimension totals (stats_top), down to weeks when no series is asked.
        var top = !HasFilters(query);
        var maxLevel = query.Bucket switch
        {
            StatsBucket.Minute => StatsQueryPlanner.MinuteLevel,
            StatsBucket.Hour => StatsQueryPlanner.HourLevel,
            null when top => StatsQueryPlanner.WeekLevel,
            _ => StatsQueryPlanner.DayLevel,
        };

        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var (dirtyMinutes, dirtyDays, dirtyWeeks) = ReadDirty(connection, from, to);
            var plan = StatsQueryPlanner.Plan(from, to, maxLevel, dirtyMinutes, dirtyDays, dirtyWeeks);
            var filters = new Filters(query, connection, _localAgentId);
            var group = query.GroupBy is { } dimension ? StatsRollupSql.Quote(Column(dimension)) : "''";
            var topCode = top ? StatsRollupSql.TopCode(query.GroupBy) : (int?)null;
            var union = BuildUnion(plan, filters, group, topCode);

            var groups = new List<StatsGroup>();
            StatsTotals totals;
            if (query.GroupBy is { } groupBy)
            {
                // Unfiltered and sorted by a sum: find the top keys from the key and the metric alone (StatsTopKeys), then
                // read those keys' full values by key; totals from the per-dimension total rows. Otherwise every group is
                // summed in full and ranked here.
                if (top && StatsTopKeys.Supports(query.SortBy, query.Ascending))
                {
                    var metric = $"{StatsTopKeys.MetricSql(query.SortBy)} AS \"V\"";
                    var keys = StatsTopKeys.Read(sql => filters.Command(connection, sql), BuildUnion(plan, filters, group, topCode, values: metric), query.Limit);
                    var values = ReadGroups(connection, BuildUnion(plan, filters, group, topCode, keyed: true), filters, keys);
                    groups.AddRange(values.Select(g => new StatsGroup(g.Key, g.Value.ToTotals()))
                        .OrderByDescending(g => g.Totals.Value(query.SortBy)).ThenBy(g => g.Key, StringComparer.Ordinal));
                    totals = ReadTotals(connection, BuildUnion(plan, filters, "''", StatsRollupSql.TopCode(null)), filters);
                }
                else
                {
                    var all = ReadGroups(connection, union, filters);
                    var sum = new StatsAccumulator();
                    foreach (var (_, acc) in all) sum.Add(acc);
                    totals = sum.ToTotals();
                    var ranked = all.Select(g => new StatsGroup(g.Key, g.Value.ToTotals()));
                    ranked = query.Ascending
                        ? ranked.OrderBy(g => g.Totals.Value(query.SortBy)).ThenBy(g => g.Key, StringComparer.Ordinal)
                        : ranked.OrderByDescending(g => g.Totals.Value(query.SortBy)).ThenBy(g => g.Key, StringComparer.Ordinal);
                    groups.AddRange(ranked.Take(query.Limit));
                }
            }
            else
            {
                totals = ReadTotals(connection, union, filters);
            }

            // A grouped series reads only the top groups' rows: per-dimension rows by key, roll-up rows by their group.
            var series = query.Bucket is { } bucket
                ? ReadSeries(connection, query.GroupBy is null ? union : BuildUnion(plan, filters, group, topCode, keyed: true),
                    filters, bucket, query.GroupBy is not null, groups.Select(x => x.Key).ToList())
                : [];
            var sources = new StatsSources(Length(plan.Days), Length(plan.Hours), Length(plan.Minutes), Length(plan.Ledger), Length(plan.Weeks));
            return new StatsResult(query, totals, groups, series, sources);
        }
    }

    /// <summary>The roll-up column a dimension is stored in.</summary>
    public static string Column(StatsDimension dimension) => dimension switch
    {
        StatsDimension.Host => "Host",
        StatsDimension.Destination => "Destination",
        StatsDimension.Source => "Source",
        StatsDimension.Agent => "AgentId",
        StatsDimension.Relay => "RelayId",
        StatsDimension.Chain => "Chain",
        StatsDimension.Rule => "Rule",
        StatsDimension.Network => "Network",
        StatsDimension.Process => "Process",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    private static bool HasFilters(StatsQuery q) =>
        new[] { q.Agent, q.Relay, q.Network, q.Source, q.Destination, q.Host, q.Chain, q.Rule, q.Process }.Any(v => !string.IsNullOrEmpty(v));

    private static (List<long> Minutes, List<long> Days, List<long> Weeks) ReadDirty(SqliteConnection connection, long from, long to)
    {
        var minutes = new List<long>();
        var days = new List<long>();
        var weeks = new List<long>();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT "Level", "Bucket" FROM "stats_dirty"
            WHERE ("Level" = {StatsDirtyMark.MinuteLevel} AND "Bucket" >= $from AND "Bucket" < $to)
               OR ("Level" = {StatsDirtyMark.DayLevel} AND "Bucket" >= $fromDay AND "Bucket" < $to)
               OR ("Level" = {StatsDirtyMark.WeekLevel} AND "Bucket" >= $fromWeek AND "Bucket" < $to)
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$fromDay", from - 1440);
        command.Parameters.AddWithValue("$fromWeek", from - 10080);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var level = reader.GetInt32(0);
            (level == StatsDirtyMark.MinuteLevel ? minutes : level == StatsDirtyMark.DayLevel ? days : weeks).Add(reader.GetInt64(1));
        }
        return (minutes, days, weeks);
    }

    /// <summary>
    /// The rows of the plan as one <c>UNION ALL</c>, each with <c>"Bucket"</c>, the group key <c>"G"</c> and the value columns:
    /// from <c>stats_top</c> for <paramref name="topCode"/>'s dimension (unfiltered queries), else from the roll-up tables.
    /// <paramref name="keyed"/>: only the <c>stats_top</c> rows of the keys in <c>$keys</c>, found by key in each bucket.
    /// <paramref name="values"/>: the value columns to select (default all of them).
    /// </summary>
    private static string BuildUnion(StatsQueryPlan plan, Filters filters, string group, int? topCode, bool keyed = false, string? values = null)
    {
        values ??= string.Join(", ", StatsRollupSql.ValueColumns.Select(StatsRollupSql.Quote));
        var branches = new List<string>();
        void AddRollup(string table, int level, IReadOnlyList<(long From, long To)> ranges)
        {
            if (ranges.Count == 0) return;
            var where = StatsRollupSql.InRanges("\"Bucket\"", ranges);
            if (topCode is { } code && level > StatsQueryPlanner.MinuteLevel)
            {
                if (keyed) where = KeyedBuckets(ranges, StatsQueryPlanner.Size(level));
                branches.Add($"SELECT \"Bucket\", \"Key\" AS \"G\", {values} FROM \"stats_top\" WHERE \"Dimension\" = {code} AND \"Level\" = {level} AND {where}");
            }
            else
            {
                // One agent: its rows of each bucket are one seek on the (Bucket, AgentId, …) key when the buckets are listed;
                // a bucket range reads every agent's rows of the range. 7 d by host for one agent at 10,000,000 records took
                // ~140–200 ms that way.
                if (filters.ByAgent && ListedBuckets(ranges, StatsQueryPlanner.Size(level)) is { } listed) where = listed;
                branches.Add($"SELECT \"Bucket\", {group} AS \"G\", {values} FROM \"{table}\" WHERE {where}{filters.Sql}");
            }
        }
        AddRollup("", StatsQueryPlanner.WeekLevel, plan.Weeks);
        AddRollup("stats_day", StatsQueryPlanner.DayLevel, plan.Days);
        AddRollup("stats_hour", StatsQueryPlanner.HourLevel, plan.Hours);
        AddRollup("stats_minute", StatsQueryPlanner.MinuteLevel, plan.Minutes);
        if (plan.Ledger.Count > 0)
        {
            var source = StatsRollupSql.SelectFromSource(1, StatsRollupSql.InRanges("i.\"Minute\"", plan.Ledger));
            branches.Add($"SELECT \"Bucket\", {group} AS \"G\", {values} FROM ({source}) WHERE 1{filters.Sql}");
        }
        if (branches.Count == 0) branches.Add($"SELECT \"Bucket\", '' AS \"G\", {values} FROM \"stats_minute\" WHERE 0");
        return "(" + string.Join("\nUNION ALL\n", branches) + ")";
    }

    /// <summary>
    /// The buckets of <paramref name="ranges"/> listed (so SQLite looks each key up in each bucket instead of reading every
    /// key of the range), and the key filter; the range form when the list would be long.
    /// </summary>
    private static string KeyedBuckets(IReadOnlyList<(long From, long To)> ranges, long size) =>
        (ListedBuckets(ranges, size) ?? StatsRollupSql.InRanges("\"Bucket\"", ranges)) + " AND \"Key\" IN (SELECT value FROM json_each($keys))";

    /// <summary><c>"Bucket" IN (…)</c> with every bucket of <paramref name="ranges"/>; null when that would be over 2,000 of them.</summary>
    private static string? ListedBuckets(IReadOnlyList<(long From, long To)> ranges, long size)
    {
        if (ranges.Sum(r => (r.To - r.From) / size) > 2000) return null;
        var buckets = ranges.SelectMany(r => Enumerable.Range(0, (int)((r.To - r.From) / size)).Select(i => r.From + i * size));
        return "\"Bucket\" IN (" + string.Join(", ", buckets.Select(b => b.ToString(CultureInfo.InvariantCulture))) + ")";
    }

    private static StatsTotals ReadTotals(SqliteConnection connection, string union, Filters filters)
    {
        using var command = filters.Command(connection, $"SELECT {Sums}, {s_histogramSums} FROM {union}");
        using var reader = command.ExecuteReader();
        var acc = new StatsAccumulator();
        if (reader.Read()) acc.Add(reader, 0);
        return acc.ToTotals();
    }

    /// <summary>Every group's values; only <paramref name="keys"/>' when given (the union may be keyed on them too).</summary>
    private static Dictionary<string, StatsAccumulator> ReadGroups(SqliteConnection connection, string union, Filters filters, List<string>? keys = null)
    {
        var where = keys is null ? "" : " WHERE \"G\" IN (SELECT value FROM json_each($keys))";
        using var command = filters.Command(connection, $"SELECT \"G\", {Sums}, {s_histogramSums} FROM {union}{where} GROUP BY 1");
        if (keys is not null) command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys));
        using var reader = command.ExecuteReader();
        var groups = new Dictionary<string, StatsAccumulator>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var acc = new StatsAccumulator();
            acc.Add(reader, 1);
            groups[reader.GetString(0)] = acc;
        }
        return groups;
    }

    private static List<StatsPoint> ReadSeries(SqliteConnection connection, string union, Filters filters, StatsBucket bucket, bool grouped, List<string> keys)
    {
        var size = bucket switch { StatsBucket.Minute => 1, StatsBucket.Hour => 60, _ => 1440 };
        var sql = new StringBuilder().Append(CultureInfo.InvariantCulture, $"SELECT (\"Bucket\" / {size}) * {size}");
        sql.Append(grouped ? ", \"G\"" : ", NULL");
        sql.Append(CultureInfo.InvariantCulture, $", {Sums}, {s_histogramSums} FROM {union}");
        if (grouped) sql.Append(" WHERE \"G\" IN (SELECT value FROM json_each($keys))");
        sql.Append(" GROUP BY 1, 2");
        using var command = filters.Command(connection, sql.ToString());
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys));
        using var reader = command.ExecuteReader();
        var points = new SortedDictionary<(DateTime Time, string Key), StatsAccumulator>();
        while (reader.Read())
        {
            var time = StatsTime.Fold(StatsTime.FromMinute(reader.GetInt64(0)), bucket);
            var key = reader.IsDBNull(1) ? null : reader.GetString(1);
            var slot = (time, key ?? "");
            if (!points.TryGetValue(slot, out var acc)) points[slot] = acc = new StatsAccumulator();
            acc.Add(reader, 2);
        }
        return points.Select(p => new StatsPoint(p.Key.Time, grouped ? p.Key.Key : null, p.Value.ToTotals())).ToList();
    }

    private static long Length(IReadOnlyList<(long From, long To)> ranges) => ranges.Sum(r => r.To - r.From);

    /// <summary>The query's filters as SQL over roll-up columns (" AND ..."), with their parameters.</summary>
    private sealed class Filters
    {
        private readonly List<(string Name, string Value)> _parameters = [];

        public Filters(StatsQuery query, SqliteConnection connection, string localAgentId)
        {
            var sql = new StringBuilder();
            if (!string.IsNullOrEmpty(query.Agent) && !query.Agent.Contains('*', StringComparison.Ordinal))
            {
                MatchAgent(sql, query.Agent, connection, localAgentId);
                ByAgent = true;
            }
            else
            {
                Match(sql, "AgentId", query.Agent);
            }
            Match(sql, "RelayId", query.Relay);
            Match(sql, "Network", query.Network);
            Match(sql, "Source", query.Source);
            Match(sql, "Destination", query.Destination);
            Match(sql, "Host", query.Host);
            Match(sql, "Rule", query.Rule);
            Match(sql, "Process", query.Process);
            if (!string.IsNullOrEmpty(query.Chain))
            {
                // Chains are stored as JSON arrays of names: match one whole element.
                var name = Add("%\"" + Escape(query.Chain).Replace("*", "%", StringComparison.Ordinal) + "\"%");
                sql.Append(CultureInfo.InvariantCulture, $" AND \"Chain\" LIKE {name} ESCAPE '\\'");
            }
            Sql = sql.ToString();
        }

        public string Sql { get; }

        /// <summary>One agent's rows (an exact id), compared in the key's own collation so the key can find them.</summary>
        public bool ByAgent { get; }

        public SqliteCommand Command(SqliteConnection connection, string text)
        {
            var command = connection.CreateCommand();
            command.CommandText = text;
            foreach (var (name, value) in _parameters) command.Parameters.AddWithValue(name, value);
            return command;
        }

        private void Match(StringBuilder sql, string column, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (value.Contains('*', StringComparison.Ordinal))
            {
                var name = Add(Escape(value).Replace("*", "%", StringComparison.Ordinal));
                sql.Append(CultureInfo.InvariantCulture, $" AND \"{column}\" LIKE {name} ESCAPE '\\'");
            }
            else
            {
                var name = Add(value);
                sql.Append(CultureInfo.InvariantCulture, $" AND \"{column}\" = {name} COLLATE NOCASE");
            }
        }

        /// <summary>
        /// Agent ids match regardless of case, but a <c>COLLATE NOCASE</c> comparison cannot use the roll-ups' key (binary):
        /// the registered agents' ids (and this node's) that match are looked up first, and compared exactly. The value as
        /// given is kept too, for the rows of an agent no longer registered.
        /// </summary>
        private void MatchAgent(StringBuilder sql, string agent, SqliteConnection connection, string localAgentId)
        {
            var ids = new List<string> { agent };
            if (string.Equals(agent, localAgentId, StringComparison.OrdinalIgnoreCase) && agent != localAgentId) ids.Add(localAgentId);
            using (var lookup = connection.CreateCommand())
            {
                lookup.CommandText = "SELECT \"AgentId\" FROM \"agents\" WHERE \"AgentId\" = $agent COLLATE NOCASE";
                lookup.Parameters.AddWithValue("$agent", agent);
                using var reader = lookup.ExecuteReader();
                while (reader.Read())
                {
                    var id = reader.GetString(0);
                    if (!ids.Contains(id, StringComparer.Ordinal)) ids.Add(id);
                }
            }
            sql.Append(" AND \"AgentId\" IN (").AppendJoin(", ", ids.Select(Add)).Append(')');
        }

        private string Add(string value)
        {
            var name = "$p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
            _parameters.Add((name, value));
            return name;
        }

        private static string Escape(string value) =>
            value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }
}
