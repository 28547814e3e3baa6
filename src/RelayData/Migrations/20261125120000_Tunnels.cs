using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelayData.Migrations;

/// <summary>
/// The <c>tunnels</c> table: NodePass-style tunnels with their key and up to two ends, each placed on this node or an agent.
/// Hand-written in the scaffolder's shape; <c>MigrationsMatchModelTests</c> checks it against the model.
/// </summary>
[DbContext(typeof(RelayDbContext))]
[Migration("20261125120000_Tunnels")]
public partial class Tunnels : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "tunnels",
            columns: table => new
            {
                Key = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                TunnelId = table.Column<string>(type: "TEXT", maxLength: 56, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                Secret = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                Flow = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                Tls = table.Column<int>(type: "INTEGER", nullable: false),
                CertificatePath = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                PrivateKeyPath = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                MinPool = table.Column<int>(type: "INTEGER", nullable: false),
                MaxPool = table.Column<int>(type: "INTEGER", nullable: false),
                Strategy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                IdleTimeoutMs = table.Column<int>(type: "INTEGER", nullable: true),
                RateLimitMbps = table.Column<int>(type: "INTEGER", nullable: false),
                ProxyProtocol = table.Column<bool>(type: "INTEGER", nullable: false),
                MaxConnections = table.Column<int>(type: "INTEGER", nullable: true),
                ConnectTimeoutMs = table.Column<int>(type: "INTEGER", nullable: true),
                ServerAddress = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                ServerAgentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                ServerTargets = table.Column<string>(type: "TEXT", nullable: false),
                ClientAddress = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                ClientAgentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                ClientTargets = table.Column<string>(type: "TEXT", nullable: false),
                CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_tunnels", x => x.Key);
            });

        migrationBuilder.CreateIndex(
            name: "IX_tunnels_Name",
            table: "tunnels",
            column: "Name",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_tunnels_TunnelId",
            table: "tunnels",
            column: "TunnelId",
            unique: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "tunnels");
    }
}
