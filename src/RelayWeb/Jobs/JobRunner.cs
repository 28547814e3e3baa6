using System.Collections.Concurrent;

namespace RelayWeb.Jobs;

/// <summary>
/// Runs one job occurrence and records it: reserves the job (so one job never overlaps itself), writes the
/// <c>job_runs</c> row, runs the job inside a catch-all (a failing job never takes the process down), records the outcome,
/// and keeps the live progress the dashboard and the API show. Retries are the scheduler's business.
/// </summary>
public sealed partial class JobRunner
{
    private readonly ConcurrentDictionary<string, Reservation> _running = new(StringComparer.OrdinalIgnoreCase);
    private readonly JobRunStore _store;
    private readonly JobMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<JobRunner> _logger;

    public JobRunner(JobRunStore store, JobMetrics metrics, TimeProvider time, ILogger<JobRunner> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The run of <paramref name="job"/> in progress, or null.</summary>
    public JobRunProgress? GetRunning(string job) => _running.TryGetValue(job, out var reservation) ? reservation.Progress : null;

    /// <summary>
    /// Reserves <paramref name="job"/> for one run and writes its row. Returns null (and reserves nothing) when a run of
    /// the job is in progress. The caller must then call <see cref="RunAsync"/> with the reservation, or
    /// <see cref="Abandon"/> it.
    /// </summary>
    public async Task<Reservation?> TryReserveAsync(string job, JobTrigger trigger, int attempt, string? actor, CancellationToken cancellationToken)
    {
        var progress = new JobRunProgress(0, job, trigger, attempt, _time.GetUtcNow().UtcDateTime, actor, null, null, 0);
        var reservation = new Reservation(progress);
        if (!_running.TryAdd(job, reservation)) return null;
        try
        {
            var runId = await _store.StartAsync(progress, cancellationToken).ConfigureAwait(false);
            reservation.Update(p => p with { RunId = runId });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The run still happens; CompleteAsync inserts the whole row at the end if the database is back by then.
            Log.RecordFailed(_logger, job, ex);
        }
        return reservation;
    }

    /// <summary>Releases a reservation whose run will not happen (the scheduler could not fire it).</summary>
    public void Abandon(Reservation reservation, string reason)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        _ = CompleteAsync(reservation, JobResult.Failed(reason), CancellationToken.None);
    }

    /// <summary>Records a run that did not happen because the previous run of the job was still going.</summary>
    public async Task RecordSkippedAsync(string job, JobTrigger trigger, int attempt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var busy = GetRunning(job);
        var message = busy is null ? "The previous run was still in progress." : $"The previous run (#{busy.RunId}, started {busy.StartedUtc:HH:mm:ss} UTC) was still in progress.";
        var progress = new JobRunProgress(0, job, trigger, attempt, now, null, null, null, 0);
        try
        {
            await _store.CompleteAsync(0, progress, now, JobResult.Skipped(message), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecordFailed(_logger, job, ex);
        }
        _metrics.RecordRun(job, JobOutcome.Skipped, TimeSpan.Zero);
        Log.Skipped(_logger, job, message);
    }

    /// <summary>Runs <paramref name="job"/> on its reservation, records the outcome and releases the job. Never throws.</summary>
    public async Task<JobRunRecord> RunAsync(IRelayJob job, Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(reservation);
        var start = reservation.Progress;
        var context = new JobRunContext(start.RunId, job.Name, start.Trigger, start.Attempt, start.Actor, start.StartedUtc,
            (fraction, message, items) => reservation.Update(p => p with
            {
                Fraction = fraction ?? p.Fraction,
                Message = message ?? p.Message,
                ItemsProcessed = items ?? p.ItemsProcessed,
            }));
        Log.Started(_logger, job.Name, start.RunId, JobRunStore.Name(start.Trigger), start.Attempt);

        JobResult result;
        try
        {
            result = await job.RunAsync(context, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Job '{job.Name}' returned no result.");
            if (result.Outcome is not (JobOutcome.Succeeded or JobOutcome.Skipped))
            {
                result = result with { Outcome = JobOutcome.Failed };
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = JobResult.Failed("Interrupted: Relay is shutting down.", reservation.Progress.ItemsProcessed);
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, job.Name, start.RunId, ex);
            result = JobResult.Failed(ex.Message, reservation.Progress.ItemsProcessed);
        }
        return await CompleteAsync(reservation, result, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<JobRunRecord> CompleteAsync(Reservation reservation, JobResult result, CancellationToken cancellationToken)
    {
        var progress = reservation.Progress;
        var ended = _time.GetUtcNow().UtcDateTime;
        JobRunRecord record;
        try
        {
            record = await _store.CompleteAsync(progress.RunId, progress, ended, result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecordFailed(_logger, progress.Job, ex);
            record = new JobRunRecord(progress.RunId, progress.Job, progress.StartedUtc, ended, result.Outcome, progress.Trigger, progress.Attempt,
                result.Message, result.ItemsProcessed, progress.Actor);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, Reservation>(progress.Job, reservation));
        }
        _metrics.RecordRun(progress.Job, result.Outcome, ended - progress.StartedUtc);
        if (result.Outcome != JobOutcome.Failed) Log.Completed(_logger, progress.Job, record.Id, JobRunStore.Name(result.Outcome), result.ItemsProcessed, result.Message);
        return record;
    }

    /// <summary>A job reserved for one run, with its live progress.</summary>
    public sealed class Reservation
    {
        private readonly Lock _gate = new();
        private JobRunProgress _progress;

        internal Reservation(JobRunProgress progress) => _progress = progress;

        public JobRunProgress Progress
        {
            get
            {
                lock (_gate) return _progress;
            }
        }

        internal void Update(Func<JobRunProgress, JobRunProgress> change)
        {
            lock (_gate) _progress = change(_progress);
        }
    }
}
