using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelayData.Migrations;

/// <summary>
/// The <c>nodepass_instances</c> table: per NodePass instance, its auto-start policy, the UDP half of a single-end forward
/// and the counters at its last reset. Hand-written in the scaffolder's shape; <c>MigrationsMatchModelTests</c> checks it
/// against the model.
/// </summary>
[DbContext(typeof(RelayDbContext))]
[Migration("20261126000000_NodePassInstances")]
public partial class NodePassInstances : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "nodepass_instances",
            columns: table => new
            {
                Key = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                RelayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                AutoStart = table.Column<bool>(type: "INTEGER", nullable: true),
                UdpRelayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                TcpRxOffset = table.Column<long>(type: "INTEGER", nullable: false),
                TcpTxOffset = table.Column<long>(type: "INTEGER", nullable: false),
                UdpRxOffset = table.Column<long>(type: "INTEGER", nullable: false),
                UdpTxOffset = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_nodepass_instances", x => x.Key);
            });

        migrationBuilder.CreateIndex(
            name: "IX_nodepass_instances_RelayId",
            table: "nodepass_instances",
            column: "RelayId",
            unique: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "nodepass_instances");
    }
}
