using System.Globalization;
using System.Text;

namespace RelayWeb.Statistics;

/// <summary>
/// The SQL shared by the roll-up job and the statistics queries: how a ledger row maps onto the roll-up key, and the select
/// that aggregates <c>traffic_intervals</c> (joined to <c>connections</c> for the key) into roll-up rows. The job stores what
/// it returns; queries read it directly for the minutes not yet rolled up, so both give the same numbers by construction.
/// </summary>
internal static class StatsRollupSql
{
    /// <summary>The roll-up columns, in table order.</summary>
    public static readonly string[] KeyColumns = ["AgentId", "RelayId", "Network", "Host", "Destination", "Source", "Chain", "Rule", "Process"];

    public static readonly string[] ValueColumns =
        ["BytesUp", "BytesDown", "Opened", "Closed", "DurationCount", "DurationSumMs", .. StatsDurationBuckets.Columns];

    public static readonly string AllColumns = string.Join(", ", new[] { "Bucket" }.Concat(KeyColumns).Concat(ValueColumns).Select(Quote));

    // "1.2.3.4:5678" -> "1.2.3.4", "[::1]:5678" -> "::1", "example.com:443" -> "example.com"; anything else unchanged.
    private static string HostOf(string column) => $"""
        (CASE WHEN {column} LIKE '[%]%' THEN substr({column}, 2, instr({column}, ']') - 2)
              WHEN length({column}) - length(replace({column}, ':', '')) = 1 THEN substr({column}, 1, instr({column}, ':') - 1)
              ELSE {column} END)
        """;

    /// <summary>Destination as the user asked for it: the relay's target or Mihomo's host:port, else Mihomo's destination IP.</summary>
    public const string DestinationSql = """COALESCE(NULLIF(c."Target", ''), c."DestinationIp" || COALESCE(':' || c."DestinationPort", ''), '')""";

    /// <summary>Host: Mihomo's host or sniffed host, else the host part of the destination.</summary>
    public static readonly string HostSql =
        $"""COALESCE(NULLIF(c."Host", ''), NULLIF(c."SniffHost", ''), {HostOf("NULLIF(c.\"Target\", '')")}, c."DestinationIp", '')""";

    /// <summary>Source address without the client port.</summary>
    public static readonly string SourceSql = $"""COALESCE({HostOf("c.\"Source\"")}, '')""";

    /// <summary>
    /// Aggregates intervals into roll-up rows of <paramref name="bucketMinutes"/> (1 or 60) for the intervals matching
    /// <paramref name="minuteCondition"/> (over <c>i."Minute"</c>). Columns are named as in the roll-up tables.
    /// </summary>
    public static string SelectFromSource(int bucketMinutes, string minuteCondition)
    {
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"""SELECT (i."Minute" / {bucketMinutes}) * {bucketMinutes} AS "Bucket", """);
        sql.Append("""c."AgentId" AS "AgentId", c."RelayId" AS "RelayId", c."Network" AS "Network", """);
        sql.Append(CultureInfo.InvariantCulture, $"""{HostSql} AS "Host", {DestinationSql} AS "Destination", {SourceSql} AS "Source", """);
        sql.Append("""COALESCE(c."Chains", '') AS "Chain", COALESCE(c."Rule", '') AS "Rule", COALESCE(c."Process", '') AS "Process", """);
        sql.Append("""SUM(i."BytesUp") AS "BytesUp", SUM(i."BytesDown") AS "BytesDown", SUM(i."Opened") AS "Opened", SUM(i."Closed") AS "Closed", """);
        sql.Append("""COUNT(i."DurationMs") AS "DurationCount", COALESCE(SUM(i."DurationMs"), 0) AS "DurationSumMs", """);
        sql.Append(StatsDurationBuckets.SumColumnsSql("i.\"DurationMs\""));
        sql.Append("""
             FROM "traffic_intervals" AS i JOIN "connections" AS c ON c."Id" = i."ConnectionId" AND c."AgentId" = i."AgentId"
            """);
        sql.Append(" WHERE ").Append(minuteCondition);
        sql.Append(" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10");
        return sql.ToString();
    }

    /// <summary>Sums roll-up rows of <paramref name="table"/> matching <paramref name="condition"/> into buckets of <paramref name="bucketMinutes"/>.</summary>
    public static string SelectFromRollup(string table, int bucketMinutes, string condition)
    {
        var keys = string.Join(", ", KeyColumns.Select(Quote));
        var sums = string.Join(", ", ValueColumns.Select(v => $"SUM({Quote(v)}) AS {Quote(v)}"));
        return $"""SELECT ("Bucket" / {bucketMinutes}) * {bucketMinutes} AS "Bucket", {keys}, {sums} FROM "{table}" WHERE {condition} GROUP BY 1, {keys}""";
    }

    /// <summary>"Minute" (or other column) in any of the half-open ranges; "0" (false) when there are none.</summary>
    public static string InRanges(string column, IEnumerable<(long From, long To)> ranges)
    {
        var parts = ranges.Select(r => r.To - r.From == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{column} = {r.From}")
            : string.Create(CultureInfo.InvariantCulture, $"({column} >= {r.From} AND {column} < {r.To})")).ToList();
        return parts.Count == 0 ? "0" : "(" + string.Join(" OR ", parts) + ")";
    }

    public static string Quote(string name) => "\"" + name + "\"";

    /// <summary><c>stats_top</c> dimensions: code and the roll-up column (code 0 is the total, key '').</summary>
    public static readonly (int Code, string? Column)[] TopDimensions =
        [(0, null), (1, "Host"), (2, "Destination"), (3, "Source"), (4, "AgentId"), (5, "RelayId"), (6, "Chain"), (7, "Rule"), (8, "Network"), (9, "Process")];

    public static int TopCode(StatsDimension? dimension) => dimension switch
    {
        null => 0,
        StatsDimension.Host => 1,
        StatsDimension.Destination => 2,
        StatsDimension.Source => 3,
        StatsDimension.Agent => 4,
        StatsDimension.Relay => 5,
        StatsDimension.Chain => 6,
        StatsDimension.Rule => 7,
        StatsDimension.Network => 8,
        _ => 9,
    };

    /// <summary>SUM of every value column, in <see cref="ValueColumns"/> order (what <see cref="StatsAccumulator.Add(Microsoft.Data.Sqlite.SqliteDataReader, int)"/> reads).</summary>
    public static string SumValues => string.Join(", ", ValueColumns.Select(v => $"SUM({Quote(v)})"));

    private static string TopColumns => "\"Dimension\", \"Level\", \"Bucket\", \"Key\", " + string.Join(", ", ValueColumns.Select(Quote));

    private const string AllTopCodes = "0, 1, 2, 3, 4, 5, 6, 7, 8, 9";

    /// <summary>Statements that rebuild the <c>stats_top</c> rows of one bucket at <paramref name="level"/> from a roll-up table.</summary>
    public static IEnumerable<string> RefreshTopFromRollup(int level, long bucket, long size, string table)
    {
        yield return $"DELETE FROM \"stats_top\" WHERE \"Dimension\" IN ({AllTopCodes}) AND \"Level\" = {level} AND \"Bucket\" = {bucket}";
        foreach (var (code, column) in TopDimensions)
        {
            var key = column is null ? "''" : Quote(column);
            var group = column is null ? "HAVING COUNT(*) > 0" : $"GROUP BY {key}";
            yield return $"INSERT INTO \"stats_top\" ({TopColumns}) SELECT {code}, {level}, {bucket}, {key}, {SumValues} " +
                $"FROM \"{table}\" WHERE \"Bucket\" >= {bucket} AND \"Bucket\" < {bucket + size} {group}";
        }
    }

    /// <summary>Statements that rebuild the <c>stats_top</c> rows of one bucket at <paramref name="level"/> by summing its finer rows.</summary>
    public static IEnumerable<string> RefreshTopFromTop(int level, long bucket, long size, int fromLevel)
    {
        yield return $"DELETE FROM \"stats_top\" WHERE \"Dimension\" IN ({AllTopCodes}) AND \"Level\" = {level} AND \"Bucket\" = {bucket}";
        foreach (var (code, _) in TopDimensions)
        {
            yield return $"INSERT INTO \"stats_top\" ({TopColumns}) SELECT {code}, {level}, {bucket}, \"Key\", {SumValues} FROM \"stats_top\" " +
                $"WHERE \"Dimension\" = {code} AND \"Level\" = {fromLevel} AND \"Bucket\" >= {bucket} AND \"Bucket\" < {bucket + size} GROUP BY \"Key\"";
        }
    }
}
