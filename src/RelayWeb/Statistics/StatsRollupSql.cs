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
}
