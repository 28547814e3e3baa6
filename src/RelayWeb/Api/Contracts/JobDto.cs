using RelayWeb.Jobs;

namespace RelayWeb.Api.Contracts;

/// <summary>
/// A scheduled job. <c>status</c>: <c>running</c>, <c>paused</c>, <c>failing</c> (its last run failed) or <c>ok</c>.
/// <c>cron</c> is evaluated in UTC (5 fields Unix or 6–7 Quartz). <c>nextRunUtc</c> is null while paused.
/// </summary>
public sealed record JobDto(
    string Name,
    string Title,
    string Description,
    string Status,
    string Cron,
    string DefaultCron,
    bool Paused,
    DateTime? NextRunUtc,
    JobRunDto? LastRun,
    JobRunDto? Running,
    DateTime? RetryAtUtc,
    int ConsecutiveFailures)
{
    public static JobDto From(JobInfo job) => new(
        job.Name, job.Title, job.Description, StatusOf(job), job.Cron, job.DefaultCron, job.Paused, job.NextRunUtc,
        job.LastRun is { } last ? JobRunDto.From(last) : null,
        job.Running is { } running ? JobRunDto.From(running) : null,
        job.RetryAtUtc, job.ConsecutiveFailures);

    public static string StatusOf(JobInfo job) =>
        job.Running is not null ? "running" : job.Paused ? "paused" : job.IsFailing ? "failing" : "ok";
}
