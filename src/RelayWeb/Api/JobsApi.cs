using Microsoft.AspNetCore.Http.HttpResults;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Jobs;

namespace RelayWeb.Api;

/// <summary>
/// <c>/api/v1/jobs</c>: the scheduled jobs (retention, backups...), their run history, run now, pause, resume and a new
/// schedule. Changes apply at once and survive restarts (they are stored in the settings).
/// </summary>
public static class JobsApi
{
    public const int DefaultRunLimit = 50;

    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/", ListJobs).RequireAuthorization(RelayPolicies.Read)
            .WithSummary("List scheduled jobs").WithDescription("Each job with its schedule (cron, UTC), next run, last run and outcome, the run in progress and whether it is paused.");
        jobs.MapGet("/{name}", GetJob).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404).WithSummary("Get a job");
        jobs.MapPut("/{name}", UpdateJob).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404)
            .WithSummary("Change a job's schedule").WithDescription("Body {\"cron\": \"30 3 * * *\"}: 5 fields (Unix) or 6–7 (Quartz, seconds first), in UTC. Applied at once.");
        jobs.MapGet("/{name}/runs", ListRuns).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404)
            .WithSummary("A job's run history").WithDescription($"Newest first. limit (default {DefaultRunLimit}, max {JobRunStore.MaxPageSize}); before=RUN_ID for the next page.");
        jobs.MapGet("/{name}/runs/{id:long}", GetRun).RequireAuthorization(RelayPolicies.Read).ProducesProblem(404)
            .WithSummary("One run").WithDescription("While the run is in progress it carries progress (0–1) and progressMessage: poll it to follow a run started with POST .../run.");
        jobs.MapPost("/{name}/run", RunJob).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Run a job now").WithDescription("202 with the new run and its Location; 409 when a run is already in progress (the problem names it).");
        jobs.MapPost("/{name}/pause", PauseJob).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404)
            .WithSummary("Pause a job").WithDescription("No scheduled run starts until it is resumed; a run in progress finishes. Run now still works.");
        jobs.MapPost("/{name}/resume", ResumeJob).RequireAuthorization(RelayPolicies.Write).ProducesProblem(404)
            .WithSummary("Resume a job").WithDescription("Runs missed while paused are not made up for; the next one comes as scheduled.");
        return api;
    }

    public static async Task<Ok<List<JobDto>>> ListJobs(IJobScheduler scheduler, CancellationToken cancellationToken)
    {
        var jobs = await scheduler.ListAsync(cancellationToken);
        return TypedResults.Ok(jobs.Select(JobDto.From).ToList());
    }

    public static async Task<Results<Ok<JobDto>, ProblemHttpResult>> GetJob(string name, IJobScheduler scheduler, CancellationToken cancellationToken) =>
        await scheduler.GetAsync(name, cancellationToken) is { } job ? TypedResults.Ok(JobDto.From(job)) : ApiProblems.NotFound("Job", name);

    public static async Task<Results<Ok<JobDto>, ValidationProblem, ProblemHttpResult>> UpdateJob(
        string name, UpdateJobRequest request, IJobScheduler scheduler, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var result = await scheduler.RescheduleAsync(name, request.Cron, actor.Actor, cancellationToken);
        return result.Status switch
        {
            JobCommandStatus.NotFound => ApiProblems.NotFound("Job", name),
            JobCommandStatus.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cron"] = [result.Error ?? "Invalid cron expression."] }),
            _ => TypedResults.Ok(JobDto.From(result.Job!)),
        };
    }

    public static async Task<Results<Ok<List<JobRunDto>>, ValidationProblem, ProblemHttpResult>> ListRuns(
        string name, IJobScheduler scheduler, JobRunStore runs, int? limit, long? before, CancellationToken cancellationToken)
    {
        var job = await scheduler.GetAsync(name, cancellationToken);
        if (job is null) return ApiProblems.NotFound("Job", name);
        if (limit is < 1 or > JobRunStore.MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {JobRunStore.MaxPageSize}."] });
        }
        var list = await runs.ListAsync(job.Name, limit ?? DefaultRunLimit, before, cancellationToken);
        return TypedResults.Ok(list.Select(r => WithProgress(r, job.Running)).ToList());
    }

    public static async Task<Results<Ok<JobRunDto>, ProblemHttpResult>> GetRun(string name, long id, IJobScheduler scheduler, JobRunStore runs, CancellationToken cancellationToken)
    {
        var job = await scheduler.GetAsync(name, cancellationToken);
        if (job is null) return ApiProblems.NotFound("Job", name);
        var run = await runs.GetAsync(job.Name, id, cancellationToken);
        return run is null ? ApiProblems.NotFound("Run", id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : TypedResults.Ok(WithProgress(run, job.Running));
    }

    public static async Task<Results<Accepted<JobRunDto>, ProblemHttpResult>> RunJob(string name, IJobScheduler scheduler, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var result = await scheduler.RunNowAsync(name, actor.Actor, cancellationToken);
        switch (result.Status)
        {
            case JobCommandStatus.NotFound:
                return ApiProblems.NotFound("Job", name);
            case JobCommandStatus.AlreadyRunning:
                var running = result.Running;
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Job already running",
                    detail: running is null ? $"A run of '{name}' is in progress." : $"Run #{running.RunId} of '{name}' is in progress since {running.StartedUtc:O}.",
                    extensions: running is null ? null : new Dictionary<string, object?> { ["runId"] = running.RunId, ["run"] = $"/api/v1/jobs/{name}/runs/{running.RunId}" });
            case JobCommandStatus.Unavailable:
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Scheduler not running", detail: result.Error);
            default:
                var run = JobRunDto.From(result.Running!);
                return TypedResults.Accepted($"/api/v1/jobs/{Uri.EscapeDataString(run.Job)}/runs/{run.Id}", run);
        }
    }

    public static Task<Results<Ok<JobDto>, ProblemHttpResult>> PauseJob(string name, IJobScheduler scheduler, ICurrentActor actor, CancellationToken cancellationToken) =>
        ToJobResultAsync(name, scheduler.PauseAsync(name, actor.Actor, cancellationToken));

    public static Task<Results<Ok<JobDto>, ProblemHttpResult>> ResumeJob(string name, IJobScheduler scheduler, ICurrentActor actor, CancellationToken cancellationToken) =>
        ToJobResultAsync(name, scheduler.ResumeAsync(name, actor.Actor, cancellationToken));

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> ToJobResultAsync(string name, Task<JobCommandResult> command)
    {
        var result = await command;
        return result.Status == JobCommandStatus.NotFound ? ApiProblems.NotFound("Job", name) : TypedResults.Ok(JobDto.From(result.Job!));
    }

    /// <summary>A stored run, with the live progress when it is the run in progress.</summary>
    private static JobRunDto WithProgress(JobRunRecord run, JobRunProgress? running) =>
        running is not null && running.RunId == run.Id && run.Outcome == JobOutcome.Running ? JobRunDto.From(running) : JobRunDto.From(run);
}
