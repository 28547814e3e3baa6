using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelayData.Migrations;

/// <summary>
/// The <c>job_runs</c> table: the history of scheduled jobs (retention, backups, later roll-ups and sync). Schedules and
/// pause flags live in <c>settings</c> (<c>jobs.NAME.cron</c>, <c>jobs.NAME.paused</c>), so they need no table of their own.
/// Hand-written in the scaffolder's shape; <c>MigrationsMatchModelTests</c> checks it against the model.
/// </summary>
[DbContext(typeof(RelayDbContext))]
[Migration("20261124000000_JobRuns")]
public partial class JobRuns : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "job_runs",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                Job = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                StartedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                EndedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                ItemsProcessed = table.Column<long>(type: "INTEGER", nullable: false),
                Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_job_runs", x => x.Id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_job_runs_Job_StartedUtc",
            table: "job_runs",
            columns: new[] { "Job", "StartedUtc" });

        migrationBuilder.CreateIndex(
            name: "IX_job_runs_StartedUtc",
            table: "job_runs",
            column: "StartedUtc");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "job_runs");
    }
}
