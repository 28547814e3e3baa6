using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelayData.Migrations;

/// <summary>
/// Statistics: <c>traffic_intervals</c> (per connection and minute: bytes, opened, closed, duration), the roll-up tables
/// <c>stats_minute</c>, <c>stats_hour</c>, <c>stats_day</c>, <c>stats_top</c> (per dimension and key), <c>stats_dirty</c> (buckets
/// to recompute) and <c>stats_clock</c> (an optional "now" for tests). The ledger writer fills <c>traffic_intervals</c> and
/// marks minutes dirty from then on (RelayWeb's <c>TrafficIntervalWriter</c>: triggers on <c>connections</c> were tried and
/// made the master's ingest ~45% slower). Existing ledger rows are backfilled: opened at their start minute, bytes and
/// close at their end minute (or now when still open), every minute marked. Hand-written in the scaffolder's shape;
/// <c>MigrationsMatchModelTests</c> checks tables against the model.
/// </summary>
[DbContext(typeof(RelayDbContext))]
[Migration("20261127000000_StatsRollups")]
public partial class StatsRollups : Migration
{
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
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
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
