using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelayData.Migrations;

/// <summary>
/// Statistics: <c>traffic_intervals</c> (per connection and minute: bytes, opened, closed, duration), the roll-up tables
/// <c>stats_minute</c>, <c>stats_hour</c>, <c>stats_day</c>, <c>stats_top</c> (per dimension and key), <c>stats_dirty</c> (buckets to recompute) and <c>stats_clock</c>
/// (an optional "now" for tests). Triggers on
/// <c>connections</c> turn every growth of a row's byte counters into an interval delta, whoever wrote the row (the local
/// ledger, the master's sync ingest, the stale-row closer), and mark the minutes they wrote dirty.
/// (Marks are upserts with DO NOTHING rather than OR IGNORE: inside a trigger SQLite applies the conflict policy of the
/// outer statement, which for the ledger's upsert is ABORT.)
/// Existing ledger rows are backfilled: opened at their start minute, bytes and close at their end minute (or now when
/// still open). Hand-written in the scaffolder's shape; <c>MigrationsMatchModelTests</c> checks tables against the model
/// (it does not see triggers).
/// </summary>
/// <remarks>
/// The triggers are on the ingest path (bench/sync-ingest.sh), so they do the least per ledger write: one interval row
/// when a connection opens and closes in the same minute (most do), and the dirty marks written by the same trigger.
/// Marking from triggers on <c>traffic_intervals</c> instead nested a second trigger program per interval row, whose
/// <c>INSERT ... SELECT ... WHERE NOT EXISTS</c> on its own target also needed a temporary table each time.
/// </remarks>
[DbContext(typeof(RelayDbContext))]
[Migration("20261126000000_StatsRollups")]
public partial class StatsRollups : Migration
{
    // Unix minutes of a stored "yyyy-MM-dd HH:mm:ss.FFFFFFF" time, and of now.
    private const string StartMinute = """CAST(strftime('%s', NEW."StartUtc") AS INTEGER) / 60""";
    private const string EndMinute = """CAST(strftime('%s', NEW."EndUtc") AS INTEGER) / 60""";
    // The database's clock, unless stats_clock holds a time (tests set it to move "now"; it is empty in use). Plain SQL,
    // so any SQLite client (the sqlite3 shell, scripts) can still write ledger rows.
    private const string NowMinute = """COALESCE((SELECT "UnixSeconds" FROM "stats_clock" LIMIT 1), CAST(strftime('%s', 'now') AS INTEGER)) / 60""";

    // Where a change of a ledger row is observed: its end minute once closed, else the time of the write (never before its start).
    private const string ObservedMinute =
        $"""CASE WHEN NEW."IsOpen" = 0 AND NEW."EndUtc" IS NOT NULL THEN {EndMinute} ELSE MAX({NowMinute}, {StartMinute}) END""";

    // Both minutes of a ledger write, named for the statements below: s (start), o (observed).
    private const string Minutes = $"""(SELECT {StartMinute} AS "s", {ObservedMinute} AS "o") AS m""";

    // Whether the write carries traffic or a close, which go to the observed minute.
    private const string HasTraffic = """(NEW."IsOpen" = 0 OR NEW."BytesUp" + NEW."BytesDown" > 0)""";

    private const string IntervalColumns = """ "traffic_intervals" ("Minute", "AgentId", "ConnectionId", "BytesUp", "BytesDown", "Opened", "Closed", "DurationMs") """;

    private const string AddToInterval = """
        ON CONFLICT ("Minute", "AgentId", "ConnectionId") DO UPDATE SET
            "BytesUp" = "BytesUp" + excluded."BytesUp",
            "BytesDown" = "BytesDown" + excluded."BytesDown",
            "Opened" = MAX("Opened", excluded."Opened"),
            "Closed" = MAX("Closed", excluded."Closed"),
            "DurationMs" = COALESCE(excluded."DurationMs", "DurationMs")
        """;

    // One statement writes both rows: the opening in the start minute, the traffic and close in the observed minute; when
    // they are the same minute (most connections) a single row carries all of it. The marks are an upsert, not OR IGNORE
    // (see the summary), and skip the second minute when it is the first.
    internal const string InsertTrigger = $"""
        CREATE TRIGGER "TR_connections_stats_insert" AFTER INSERT ON "connections"
        BEGIN
            INSERT INTO {IntervalColumns}
            SELECT m."s", NEW."AgentId", NEW."Id", 0, 0, 1, 0, NULL FROM {Minutes} WHERE m."s" <> m."o" OR NOT {HasTraffic}
            UNION ALL
            SELECT m."o", NEW."AgentId", NEW."Id", NEW."BytesUp", NEW."BytesDown", m."s" = m."o", 1 - NEW."IsOpen",
                   CASE WHEN NEW."IsOpen" = 0 THEN COALESCE(NEW."DurationMs", 0) END
            FROM {Minutes} WHERE {HasTraffic}
            {AddToInterval};
            INSERT INTO "stats_dirty" ("Level", "Bucket")
            SELECT 0, m."s" FROM {Minutes} UNION ALL SELECT 0, m."o" FROM {Minutes} WHERE m."o" <> m."s"
            ON CONFLICT DO NOTHING;
        END
        """;

    internal const string UpdateTrigger = $"""
        CREATE TRIGGER "TR_connections_stats_update" AFTER UPDATE OF "BytesUp", "BytesDown", "IsOpen" ON "connections"
        WHEN NEW."BytesUp" <> OLD."BytesUp" OR NEW."BytesDown" <> OLD."BytesDown" OR (OLD."IsOpen" = 1 AND NEW."IsOpen" = 0)
        BEGIN
            INSERT INTO {IntervalColumns}
            SELECT {ObservedMinute}, NEW."AgentId", NEW."Id", NEW."BytesUp" - OLD."BytesUp", NEW."BytesDown" - OLD."BytesDown", 0,
                   OLD."IsOpen" = 1 AND NEW."IsOpen" = 0,
                   CASE WHEN OLD."IsOpen" = 1 AND NEW."IsOpen" = 0 THEN COALESCE(NEW."DurationMs", 0) END
            WHERE true
            {AddToInterval};
            INSERT INTO "stats_dirty" ("Level", "Bucket") SELECT 0, {ObservedMinute} WHERE true ON CONFLICT DO NOTHING;
        END
        """;

    private const string Backfill = """
        INSERT INTO "traffic_intervals" ("Minute", "AgentId", "ConnectionId", "BytesUp", "BytesDown", "Opened", "Closed", "DurationMs")
        SELECT CAST(strftime('%s', "StartUtc") AS INTEGER) / 60, "AgentId", "Id", 0, 0, 1, 0, NULL FROM "connections"
        WHERE true
        ON CONFLICT DO NOTHING;
        INSERT INTO "traffic_intervals" ("Minute", "AgentId", "ConnectionId", "BytesUp", "BytesDown", "Opened", "Closed", "DurationMs")
        SELECT CASE WHEN "IsOpen" = 0 AND "EndUtc" IS NOT NULL THEN CAST(strftime('%s', "EndUtc") AS INTEGER) / 60
                    ELSE MAX(CAST(strftime('%s', 'now') AS INTEGER) / 60, CAST(strftime('%s', "StartUtc") AS INTEGER) / 60) END,
               "AgentId", "Id", "BytesUp", "BytesDown", 0, 1 - "IsOpen", CASE WHEN "IsOpen" = 0 THEN COALESCE("DurationMs", 0) END
        FROM "connections"
        WHERE "IsOpen" = 0 OR "BytesUp" + "BytesDown" > 0
        ON CONFLICT ("Minute", "AgentId", "ConnectionId") DO UPDATE SET
            "BytesUp" = "BytesUp" + excluded."BytesUp", "BytesDown" = "BytesDown" + excluded."BytesDown",
            "Closed" = MAX("Closed", excluded."Closed"), "DurationMs" = COALESCE(excluded."DurationMs", "DurationMs");
        INSERT OR IGNORE INTO "stats_dirty" ("Level", "Bucket") SELECT DISTINCT 0, "Minute" FROM "traffic_intervals";
        """;

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "traffic_intervals",
            columns: table => new
            {
                Minute = table.Column<long>(type: "INTEGER", nullable: false),
                AgentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ConnectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                BytesUp = table.Column<long>(type: "INTEGER", nullable: false),
                BytesDown = table.Column<long>(type: "INTEGER", nullable: false),
                Opened = table.Column<int>(type: "INTEGER", nullable: false),
                Closed = table.Column<int>(type: "INTEGER", nullable: false),
                DurationMs = table.Column<long>(type: "INTEGER", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_traffic_intervals", x => new { x.Minute, x.AgentId, x.ConnectionId });
            });

        migrationBuilder.CreateTable(
            name: "stats_dirty",
            columns: table => new
            {
                Level = table.Column<int>(type: "INTEGER", nullable: false),
                Bucket = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_stats_dirty", x => new { x.Level, x.Bucket });
            });

        migrationBuilder.CreateTable(
            name: "stats_clock",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false),
                UnixSeconds = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_stats_clock", x => x.Id);
            });

        CreateRollupTable(migrationBuilder, "stats_minute");
        CreateRollupTable(migrationBuilder, "stats_hour");
        CreateRollupTable(migrationBuilder, "stats_day");

        migrationBuilder.CreateTable(
            name: "stats_top",
            columns: table => new
            {
                Dimension = table.Column<int>(type: "INTEGER", nullable: false),
                Level = table.Column<int>(type: "INTEGER", nullable: false),
                Bucket = table.Column<long>(type: "INTEGER", nullable: false),
                Key = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                BytesUp = table.Column<long>(type: "INTEGER", nullable: false),
                BytesDown = table.Column<long>(type: "INTEGER", nullable: false),
                Opened = table.Column<long>(type: "INTEGER", nullable: false),
                Closed = table.Column<long>(type: "INTEGER", nullable: false),
                DurationCount = table.Column<long>(type: "INTEGER", nullable: false),
                DurationSumMs = table.Column<long>(type: "INTEGER", nullable: false),
                D0 = table.Column<long>(type: "INTEGER", nullable: false),
                D1 = table.Column<long>(type: "INTEGER", nullable: false),
                D2 = table.Column<long>(type: "INTEGER", nullable: false),
                D3 = table.Column<long>(type: "INTEGER", nullable: false),
                D4 = table.Column<long>(type: "INTEGER", nullable: false),
                D5 = table.Column<long>(type: "INTEGER", nullable: false),
                D6 = table.Column<long>(type: "INTEGER", nullable: false),
                D7 = table.Column<long>(type: "INTEGER", nullable: false),
                D8 = table.Column<long>(type: "INTEGER", nullable: false),
                D9 = table.Column<long>(type: "INTEGER", nullable: false),
                D10 = table.Column<long>(type: "INTEGER", nullable: false),
                D11 = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_stats_top", x => new { x.Dimension, x.Level, x.Bucket, x.Key });
            });

        migrationBuilder.CreateIndex(
            name: "IX_stats_top_Bucket",
            table: "stats_top",
            column: "Bucket");

        migrationBuilder.Sql(Backfill);
        migrationBuilder.Sql(InsertTrigger);
        migrationBuilder.Sql(UpdateTrigger);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_connections_stats_insert";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_connections_stats_update";""");
        migrationBuilder.DropTable(name: "stats_top");
        migrationBuilder.DropTable(name: "stats_day");
        migrationBuilder.DropTable(name: "stats_hour");
        migrationBuilder.DropTable(name: "stats_minute");
        migrationBuilder.DropTable(name: "traffic_intervals");
        migrationBuilder.DropTable(name: "stats_dirty");
        migrationBuilder.DropTable(name: "stats_clock");
    }

    private static void CreateRollupTable(MigrationBuilder migrationBuilder, string name) =>
        migrationBuilder.CreateTable(
            name: name,
            columns: table => new
            {
                Bucket = table.Column<long>(type: "INTEGER", nullable: false),
                AgentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                RelayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Network = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                Host = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                Destination = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Chain = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                Rule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Process = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                BytesUp = table.Column<long>(type: "INTEGER", nullable: false),
                BytesDown = table.Column<long>(type: "INTEGER", nullable: false),
                Opened = table.Column<long>(type: "INTEGER", nullable: false),
                Closed = table.Column<long>(type: "INTEGER", nullable: false),
                DurationCount = table.Column<long>(type: "INTEGER", nullable: false),
                DurationSumMs = table.Column<long>(type: "INTEGER", nullable: false),
                D0 = table.Column<long>(type: "INTEGER", nullable: false),
                D1 = table.Column<long>(type: "INTEGER", nullable: false),
                D2 = table.Column<long>(type: "INTEGER", nullable: false),
                D3 = table.Column<long>(type: "INTEGER", nullable: false),
                D4 = table.Column<long>(type: "INTEGER", nullable: false),
                D5 = table.Column<long>(type: "INTEGER", nullable: false),
                D6 = table.Column<long>(type: "INTEGER", nullable: false),
                D7 = table.Column<long>(type: "INTEGER", nullable: false),
                D8 = table.Column<long>(type: "INTEGER", nullable: false),
                D9 = table.Column<long>(type: "INTEGER", nullable: false),
                D10 = table.Column<long>(type: "INTEGER", nullable: false),
                D11 = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_" + name, x => new { x.Bucket, x.AgentId, x.RelayId, x.Network, x.Host, x.Destination, x.Source, x.Chain, x.Rule, x.Process });
            });
}
