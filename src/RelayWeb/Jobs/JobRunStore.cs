using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;

namespace RelayWeb.Jobs;

/// <summary>The <c>job_runs</c> table: a row per run, written when it starts and completed when it ends.</summary>
public sealed class JobRunStore(IDbContextFactory<RelayDbContext> dbFactory)
{
    /// <summary>Most runs one history request returns.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Inserts a run (outcome <c>running</c> until <see cref="CompleteAsync"/>) and returns its id.</summary>
    public async Task<long> StartAsync(JobRunProgress run, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = new JobRun
            {
                Job = run.Job,
                StartedUtc = run.StartedUtc,
                Outcome = Name(JobOutcome.Running),
                Trigger = Name(run.Trigger),
                Attempt = run.Attempt,
                Actor = run.Actor,
            };
            db.JobRuns.Add(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return row.Id;
        }
    }

    /// <summary>
    /// Completes run <paramref name="runId"/>; when the start could not be written (id 0, or the row is gone) the whole run
    /// is inserted now. Returns the stored record.
    /// </summary>
    public async Task<JobRunRecord> CompleteAsync(long runId, JobRunProgress run, DateTime endedUtc, JobResult result, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = runId == 0 ? null : await db.JobRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                row = new JobRun { Job = run.Job, StartedUtc = run.StartedUtc, Outcome = "", Trigger = Name(run.Trigger), Attempt = run.Attempt, Actor = run.Actor };
                db.JobRuns.Add(row);
            }
            row.EndedUtc = endedUtc;
            row.Outcome = Name(result.Outcome);
            row.Message = Truncate(result.Message);
            row.ItemsProcessed = result.ItemsProcessed;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return ToRecord(row);
        }
    }

    /// <summary>Runs left <c>running</c> by a process that stopped mid-run are marked failed. Returns how many.</summary>
    public async Task<int> FailInterruptedAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var running = Name(JobOutcome.Running);
            var failed = Name(JobOutcome.Failed);
            return await db.JobRuns.Where(r => r.Outcome == running)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.Outcome, failed)
                    .SetProperty(r => r.EndedUtc, nowUtc)
                    .SetProperty(r => r.Message, "Interrupted: the process stopped while the job was running."), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The latest finished run (not <c>running</c>) of each job in <paramref name="jobs"/>.</summary>
    public async Task<IReadOnlyDictionary<string, JobRunRecord>> GetLastRunsAsync(IEnumerable<string> jobs, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, JobRunRecord>(StringComparer.OrdinalIgnoreCase);
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var running = Name(JobOutcome.Running);
            foreach (var job in jobs)
            {
                var row = await db.JobRuns.AsNoTracking()
                    .Where(r => r.Job == job && r.Outcome != running)
                    .OrderByDescending(r => r.StartedUtc).ThenByDescending(r => r.Id)
                    .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (row is not null) result[job] = ToRecord(row);
            }
        }
        return result;
    }

    /// <summary>The latest run of <paramref name="job"/> with <paramref name="outcome"/>, or null.</summary>
    public async Task<JobRunRecord?> GetLastAsync(string job, JobOutcome outcome, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var name = Name(outcome);
            var row = await db.JobRuns.AsNoTracking()
                .Where(r => r.Job == job && r.Outcome == name)
                .OrderByDescending(r => r.StartedUtc).ThenByDescending(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return row is null ? null : ToRecord(row);
        }
    }

    /// <summary>Runs of <paramref name="job"/>, newest first, at most <paramref name="limit"/>, with ids below <paramref name="beforeId"/> when given.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> ListAsync(string job, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var query = db.JobRuns.AsNoTracking().Where(r => r.Job == job);
            if (beforeId is { } before) query = query.Where(r => r.Id < before);
            var rows = await query.OrderByDescending(r => r.Id).Take(Math.Clamp(limit, 1, MaxPageSize)).ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.Select(ToRecord).ToList();
        }
    }

    public async Task<JobRunRecord?> GetAsync(string job, long runId, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await db.JobRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.Job == job, cancellationToken).ConfigureAwait(false);
            return row is null ? null : ToRecord(row);
        }
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> finished runs that started before <paramref name="cutoffUtc"/>; returns how many.</summary>
    public async Task<int> DeleteFinishedBeforeAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var running = Name(JobOutcome.Running);
            var ids = await db.JobRuns.AsNoTracking()
                .Where(r => r.StartedUtc < cutoffUtc && r.Outcome != running)
                .OrderBy(r => r.StartedUtc).Select(r => r.Id).Take(batchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0) return 0;
            return await db.JobRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string Name(JobOutcome outcome) => outcome.ToString().ToLowerInvariant();

    internal static string Name(JobTrigger trigger) => trigger.ToString().ToLowerInvariant();

    private static JobRunRecord ToRecord(JobRun row) => new(
        row.Id,
        row.Job,
        row.StartedUtc,
        row.EndedUtc,
        Enum.TryParse<JobOutcome>(row.Outcome, ignoreCase: true, out var outcome) ? outcome : JobOutcome.Failed,
        Enum.TryParse<JobTrigger>(row.Trigger, ignoreCase: true, out var trigger) ? trigger : JobTrigger.Schedule,
        row.Attempt,
        row.Message,
        row.ItemsProcessed,
        row.Actor);

    private static string? Truncate(string? message) => message is { Length: > 2000 } ? message[..1997] + "..." : message;
}
