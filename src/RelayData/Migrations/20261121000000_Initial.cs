using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelayData.Migrations;

/// <summary>
/// The first schema. Hand-written in the scaffolder's shape (the EF design-time package is not available here), with the
/// attributes a generated <c>.Designer.cs</c> would carry. <c>MigrationsMatchModelTests</c> checks it against the model.
/// </summary>
[DbContext(typeof(RelayDbContext))]
[Migration("20261121000000_Initial")]
public partial class Initial : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "api_tokens",
            columns: table => new
            {
                Key = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                TokenId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                LastUsedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                RevokedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_api_tokens", x => x.Key);
            });

        migrationBuilder.CreateTable(
            name: "audit_log",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                TimestampUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Target = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                Details = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_audit_log", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "connections",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                AgentId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                RelayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Network = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Listen = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                Target = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                StartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                EndUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                DurationMs = table.Column<long>(type: "INTEGER", nullable: true),
                BytesUp = table.Column<long>(type: "INTEGER", nullable: false),
                BytesDown = table.Column<long>(type: "INTEGER", nullable: false),
                CloseReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                IsOpen = table.Column<bool>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_connections", x => new { x.Id, x.AgentId });
            });

        migrationBuilder.CreateTable(
            name: "relays",
            columns: table => new
            {
                Key = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                RelayId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                Protocol = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                Listen = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                Targets = table.Column<string>(type: "TEXT", nullable: false),
                Strategy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                ConnectTimeoutMs = table.Column<int>(type: "INTEGER", nullable: true),
                IdleTimeoutMs = table.Column<int>(type: "INTEGER", nullable: true),
                MaxConnections = table.Column<int>(type: "INTEGER", nullable: true),
                CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_relays", x => x.Key);
            });

        migrationBuilder.CreateTable(
            name: "settings",
            columns: table => new
            {
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Value = table.Column<string>(type: "TEXT", nullable: false),
                UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_settings", x => x.Name);
            });

        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                Key = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                LastLoginUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_users", x => x.Key);
            });

        migrationBuilder.CreateIndex(
            name: "IX_api_tokens_Hash",
            table: "api_tokens",
            column: "Hash",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_api_tokens_TokenId",
            table: "api_tokens",
            column: "TokenId",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_audit_log_TimestampUtc",
            table: "audit_log",
            column: "TimestampUtc");

        migrationBuilder.CreateIndex(
            name: "IX_connections_IsOpen_AgentId",
            table: "connections",
            columns: new[] { "IsOpen", "AgentId" });

        migrationBuilder.CreateIndex(
            name: "IX_connections_RelayId_StartUtc",
            table: "connections",
            columns: new[] { "RelayId", "StartUtc" });

        migrationBuilder.CreateIndex(
            name: "IX_connections_StartUtc",
            table: "connections",
            column: "StartUtc");

        migrationBuilder.CreateIndex(
            name: "IX_relays_Name",
            table: "relays",
            column: "Name",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_relays_RelayId",
            table: "relays",
            column: "RelayId",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_users_UserName",
            table: "users",
            column: "UserName",
            unique: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "api_tokens");

        migrationBuilder.DropTable(
            name: "audit_log");

        migrationBuilder.DropTable(
            name: "connections");

        migrationBuilder.DropTable(
            name: "relays");

        migrationBuilder.DropTable(
            name: "settings");

        migrationBuilder.DropTable(
            name: "users");
    }
}
