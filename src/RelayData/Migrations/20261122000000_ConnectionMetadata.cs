using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelayData.Migrations;

/// <summary>
/// Nullable metadata columns on <c>connections</c> for connections an external source reports (Mihomo): host, sniffed
/// host, process, process path, inbound type/name/user, destination IP and port, chains (JSON text), rule and rule payload.
/// Hand-written like <see cref="Initial"/>; <c>MigrationsMatchModelTests</c> checks it against the model.
/// </summary>
[DbContext(typeof(RelayDbContext))]
[Migration("20261122000000_ConnectionMetadata")]
public partial class ConnectionMetadata : Migration
{
    private static readonly (string Name, int? MaxLength)[] s_textColumns =
    [
        ("InboundType", 32),
        ("Host", 255),
        ("SniffHost", 255),
        ("Process", 255),
        ("ProcessPath", 1024),
        ("InboundName", 128),
        ("InboundUser", 128),
        ("DestinationIp", 64),
        ("Chains", null),
        ("Rule", 64),
        ("RulePayload", 512),
    ];

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var (name, maxLength) in s_textColumns)
        {
            migrationBuilder.AddColumn<string>(name: name, table: "connections", type: "TEXT", maxLength: maxLength, nullable: true);
        }
        migrationBuilder.AddColumn<int>(name: "DestinationPort", table: "connections", type: "INTEGER", nullable: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // SQLite 3.35+ drops columns in place (no index or constraint uses these), so no table rebuild is needed.
        migrationBuilder.Sql("""ALTER TABLE "connections" DROP COLUMN "DestinationPort";""");
        foreach (var (name, _) in Enumerable.Reverse(s_textColumns))
        {
            migrationBuilder.Sql($"""ALTER TABLE "connections" DROP COLUMN "{name}";""");
        }
    }
}
