using RelayWeb.Jobs;

namespace RelayWeb.Api.Contracts;

/// <summary>
/// One run of a job. <c>outcome</c>: <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>skipped</c>; <c>trigger</c>:
/// <c>schedule</c>, <c>manual</c> or <c>retry</c>. While running, <c>progress</c> (0–1, null when the job cannot tell) and
/// <c>progressMessage</c> say how far it got.
/// </summary>
public sealed record JobRunDto(
    long Id,
    string Job,
    string Outcome,
    string Trigger,
    int Attempt,
    DateTime StartedUtc,
    DateTime? EndedUtc,
    long? DurationMs,
    string? Message,
    long ItemsProcessed,
    string? Actor,
    double? Progress,
    string? ProgressMessage)
{
    public static JobRunDto From(JobRunRecord run) => new(
        run.Id, run.Job, JobRunStore.Name(run.Outcome), JobRunStore.Name(run.Trigger), run.Attempt, run.StartedUtc, run.EndedUtc,
        run.Duration is { } d ? (long)d.TotalMilliseconds : null, run.Message, run.ItemsProcessed, run.Actor, null, null);

    public static JobRunDto From(JobRunProgress run) => new(
        run.RunId, run.Job, JobRunStore.Name(JobOutcome.Running), JobRunStore.Name(run.Trigger), run.Attempt, run.StartedUtc, null, null, null,
        run.ItemsProcessed, run.Actor, run.Fraction, run.Message);
}
