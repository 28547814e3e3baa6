using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelayData.Migrations;

/// <summary>
/// Master/agent sync: the <c>connections.SyncSeq</c> cursor column (existing rows numbered in insertion order, so an
/// upgraded node sends its history too) and its <c>sequences</c> counter; the <c>agents</c> table; the agent a relay runs
/// on (<c>relays.AgentId</c>, null = this node); the agent an <c>agent</c>-scoped token is bound to
/// (<c>api_tokens.AgentId</c>). Hand-written in the scaffolder's shape; <c>MigrationsMatchModelTests</c> checks it.
/// </summary>
[DbContext(typeof(RelayDbContext))]
[Migration("20261123000000_AgentSync")]
public partial class AgentSync : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(
            name: "SyncSeq",
            table: "connections",
            type: "INTEGER",
            nullable: false,
            defaultValue: 0L);

        migrationBuilder.AddColumn<string>(
            name: "AgentId",
            table: "relays",
            type: "TEXT",
            maxLength: 64,
            nullable: true);

        migrationBuilder.AddColumn<string>(
            name: "AgentId",
            table: "api_tokens",
            type: "TEXT",
            maxLength: 64,
            nullable: true);

        migrationBuilder.CreateTable(
            name: "agents",
            columns: table => new
            {
                AgentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                Version = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                FirstSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                LastSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                SyncIntervalSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                Backlog = table.Column<long>(type: "INTEGER", nullable: false),
                OldestUnsyncedAgeSeconds = table.Column<long>(type: "INTEGER", nullable: true),
                LastError = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                DiskFull = table.Column<bool>(type: "INTEGER", nullable: false),
                LastAckedSeq = table.Column<long>(type: "INTEGER", nullable: false),
                RecordsReceived = table.Column<long>(type: "INTEGER", nullable: false),
                AssignmentRevision = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                TokenId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                LastHeartbeat = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_agents", x => x.AgentId);
            });

        migrationBuilder.CreateTable(
            name: "sequences",
            columns: table => new
            {
                Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Value = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_sequences", x => x.Name);
            });

        // Number the rows already there (rowid is insertion order) and start the counter after them.
        migrationBuilder.Sql("""UPDATE "connections" SET "SyncSeq" = rowid;""");
        migrationBuilder.Sql("""INSERT INTO "sequences" ("Name", "Value") SELECT 'connections', COALESCE(MAX("SyncSeq"), 0) FROM "connections";""");

        migrationBuilder.CreateIndex(
            name: "IX_connections_SyncSeq",
            table: "connections",
            column: "SyncSeq");

        migrationBuilder.CreateIndex(
            name: "IX_relays_AgentId",
            table: "relays",
            column: "AgentId");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "agents");

        migrationBuilder.DropTable(
            name: "sequences");

        migrationBuilder.DropIndex(
            name: "IX_connections_SyncSeq",
            table: "connections");

        migrationBuilder.DropIndex(
            name: "IX_relays_AgentId",
            table: "relays");

        migrationBuilder.Sql("""ALTER TABLE "connections" DROP COLUMN "SyncSeq";""");
        migrationBuilder.Sql("""ALTER TABLE "relays" DROP COLUMN "AgentId";""");
        migrationBuilder.Sql("""ALTER TABLE "api_tokens" DROP COLUMN "AgentId";""");
    }
}
