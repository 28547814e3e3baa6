using Microsoft.AspNetCore.Http.HttpResults;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Backups;
using RelayWeb.Jobs;
using RelayWeb.Settings;

namespace RelayWeb.Api;

/// <summary>
/// <c>/api/v1/backups</c>: list the backups, take one now (a run of the <c>database-backup</c> job, followed by polling
/// its run), and download one (admin only: a backup holds every token hash and the whole ledger).
/// </summary>
public static class BackupsApi
{
    public static RouteGroupBuilder MapBackupsApi(this RouteGroupBuilder api)
    {
        var backups = api.MapGroup("/backups").WithTags("Backups");
        backups.MapGet("/", ListBackups).RequireAuthorization(RelayPolicies.Read)
            .WithSummary("List backups").WithDescription("Newest first, with size and time; plus how many are kept and the backup job's schedule and last run.");
        backups.MapPost("/", CreateBackup).RequireAuthorization(RelayPolicies.Write).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Back up now").WithDescription("Starts a consistent online backup: 202 with the job run; poll its Location (progress 0–1) until outcome is succeeded or failed. 409 while a backup runs.");
        backups.MapGet("/{name}", DownloadBackup).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404)
            .WithSummary("Download a backup").WithDescription("Admin only. The file is a standalone SQLite database; restore it with 'relay restore PATH'.")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.sqlite3");
        return api;
    }

    public static async Task<Ok<BackupListDto>> ListBackups(BackupService backups, OperationsSettingsService settings, IJobScheduler scheduler, CancellationToken cancellationToken)
    {
        var keep = (await settings.GetAsync(cancellationToken)).BackupKeep;
        var job = await scheduler.GetAsync(DatabaseBackupJob.JobName, cancellationToken);
        return TypedResults.Ok(new BackupListDto(backups.List().Select(BackupDto.From).ToList(), keep, job is null ? null : JobDto.From(job)));
    }

    public static Task<Results<Accepted<JobRunDto>, ProblemHttpResult>> CreateBackup(IJobScheduler scheduler, ICurrentActor actor, CancellationToken cancellationToken) =>
        JobsApi.RunJob(DatabaseBackupJob.JobName, scheduler, actor, cancellationToken);

    public static Results<PhysicalFileHttpResult, ProblemHttpResult> DownloadBackup(string name, BackupService backups) =>
        backups.TryGet(name, out var file)
            ? TypedResults.PhysicalFile(file!.FullPath, "application/vnd.sqlite3", file.Name, enableRangeProcessing: true)
            : ApiProblems.NotFound("Backup", name);
}
