using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Extensibility;
using RelayWeb.Services;

namespace RelayWeb.Jobs;

/// <summary>
/// Hosts a Quartz scheduler (in-memory store; Quartz's own hosting package is not in the mirror) for every registered
/// <see cref="IRelayJob"/>. Schedules and pause flags live in the settings and are applied to Quartz at start and on every
/// change, without a restart; run history lives in <c>job_runs</c> (<see cref="JobRunStore"/>). A failed run is retried
/// after <see cref="JobsOptions.RetryDelay"/> (then 4× longer each time) up to <see cref="JobsOptions.MaxAttempts"/>.
/// </summary>
public sealed partial class JobScheduler : IJobScheduler, IHostedService, IAsyncDisposable
{
    private const string Group = "relay";
    private const string ReservationKey = "relay.reservation";
    private const string AttemptKey = "relay.attempt";

    private readonly IReadOnlyDictionary<string, IRelayJob> _jobs;
    private readonly JobRunner _runner;
    private readonly JobRunStore _store;
    private readonly ISettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly JobsOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<JobScheduler> _logger;
    private readonly SemaphoreSlim _changeGate = new(1, 1);
    private readonly ConcurrentDictionary<string, ScheduleState> _schedules = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, JobRunner.Reservation> _reserved = new(StringComparer.Ordinal);
    private volatile IScheduler? _scheduler;

    public JobScheduler(IEnumerable<IRelayJob> jobs, JobRunner runner, JobRunStore store, ISettingsStore settings, TimeProvider time,
        IOptions<JobsOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value;
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _logger = loggerFactory.CreateLogger<JobScheduler>();
        var byName = new Dictionary<string, IRelayJob>(StringComparer.OrdinalIgnoreCase);
        foreach (var job in jobs)
        {
            if (!JobNames.IsValid(job.Name)) throw new InvalidOperationException($"Job name '{job.Name}' is not valid: use lower-case letters, digits and dashes.");
            if (!CronSchedule.TryParse(job.DefaultCron, out _, out var error)) throw new InvalidOperationException($"Job '{job.Name}': default schedule: {error}");
            if (!byName.TryAdd(job.Name, job)) throw new InvalidOperationException($"Two jobs are named '{job.Name}'.");
            _schedules[job.Name] = new ScheduleState(job.DefaultCron, Paused: false, ConsecutiveFailures: 0, RetryAtUtc: null);
        }
        _jobs = byName;
    }

    /// <inheritdoc />
    public bool IsRunning => _scheduler is { Status: SchedulerStatus.Running };

    /// <summary>The registered jobs, by name.</summary>
    public IReadOnlyCollection<IRelayJob> Jobs => [.. _jobs.Values];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var interrupted = await _store.FailInterruptedAsync(now, cancellationToken).ConfigureAwait(false);
        if (interrupted > 0) Log.InterruptedRunsFailed(_logger, interrupted);
        await LoadSchedulesAsync(cancellationToken).ConfigureAwait(false);

        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.Services.AddSingleton(_loggerFactory);
            q.UseInMemoryStore();
            q.UseDefaultThreadPool(Math.Max(1, _options.MaxConcurrency));
            q.UseJobFactory(new RelayJobFactory(this));
            q.UseTimeProvider(_time);
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "relay-" + Guid.NewGuid().ToString("N")[..8]; // unique per process (tests host several apps)
                o.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
        }).BuildScheduler(cancellationToken).ConfigureAwait(false);

        foreach (var job in _jobs.Values)
        {
            var state = _schedules[job.Name];
            var detail = JobBuilder.Create().OfType<QuartzJobAdapter>().WithIdentity(job.Name, Group).WithDescription(job.Title).StoreDurably().Build();
            await scheduler.AddJob(detail, new AddJobOptions(), cancellationToken).ConfigureAwait(false);
            await scheduler.ScheduleTrigger(BuildTrigger(job.Name, state.Cron), TriggerConflict.Replace, cancellationToken).ConfigureAwait(false);
            if (state.Paused) await scheduler.PauseJob(detail.Key, cancellationToken).ConfigureAwait(false);
        }
        await scheduler.Start(cancellationToken).ConfigureAwait(false);
        _scheduler = scheduler;
        Log.SchedulerStarted(_logger, _jobs.Count, string.Join(", ", _schedules.Select(s => $"{s.Key} '{s.Value.Cron}'{(s.Value.Paused ? " (paused)" : "")}")));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var scheduler = Interlocked.Exchange(ref _scheduler, null);
        if (scheduler is null) return;
        try
        {
            // Running jobs see their cancellation token fire and record themselves as interrupted.
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // host shutdown timeout: the process is going away anyway
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _changeGate.Dispose();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var lastRuns = await _store.GetLastRunsAsync(_jobs.Keys, cancellationToken).ConfigureAwait(false);
        var result = new List<JobInfo>(_jobs.Count);
        foreach (var job in _jobs.Values.OrderBy(j => j.Title, StringComparer.OrdinalIgnoreCase))
        {
            result.Add(await DescribeAsync(job, lastRuns.GetValueOrDefault(job.Name), cancellationToken).ConfigureAwait(false));
        }
        return result;
    }

    /// <inheritdoc />
    public async Task<JobInfo?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!_jobs.TryGetValue(name, out var job)) return null;
        var lastRuns = await _store.GetLastRunsAsync([job.Name], cancellationToken).ConfigureAwait(false);
        return await DescribeAsync(job, lastRuns.GetValueOrDefault(job.Name), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobCommandResult> RunNowAsync(string name, string actor, CancellationToken cancellationToken = default)
    {
        if (!_jobs.TryGetValue(name, out var job)) return new JobCommandResult(JobCommandStatus.NotFound);
        var scheduler = _scheduler;
        if (scheduler is null || !IsRunning) return new JobCommandResult(JobCommandStatus.Unavailable, Error: "The scheduler is not running.");

        var reservation = await _runner.TryReserveAsync(job.Name, JobTrigger.Manual, 1, actor, cancellationToken).ConfigureAwait(false);
        if (reservation is null)
        {
            return new JobCommandResult(JobCommandStatus.AlreadyRunning, Running: _runner.GetRunning(job.Name));
        }
        var token = Guid.NewGuid().ToString("N");
        _reserved[token] = reservation;
        try
        {
            await scheduler.TriggerJob(new JobKey(job.Name, Group), new JobDataMap { [ReservationKey] = token }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (_reserved.TryRemove(token, out _)) _runner.Abandon(reservation, "The scheduler could not start the run: " + ex.Message);
            throw;
        }
        Log.RunRequested(_logger, job.Name, actor, reservation.Progress.RunId);
        return new JobCommandResult(JobCommandStatus.Ok, RunId: reservation.Progress.RunId, Running: reservation.Progress);
    }

    /// <inheritdoc />
    public Task<JobCommandResult> PauseAsync(string name, string actor, CancellationToken cancellationToken = default) =>
        SetPausedAsync(name, paused: true, actor, cancellationToken);

    /// <inheritdoc />
    public Task<JobCommandResult> ResumeAsync(string name, string actor, CancellationToken cancellationToken = default) =>
        SetPausedAsync(name, paused: false, actor, cancellationToken);

    /// <inheritdoc />
    public async Task<JobCommandResult> RescheduleAsync(string name, string? cron, string actor, CancellationToken cancellationToken = default)
    {
        if (!_jobs.TryGetValue(name, out var job)) return new JobCommandResult(JobCommandStatus.NotFound);
        if (!CronSchedule.TryParse(cron, out _, out var error)) return new JobCommandResult(JobCommandStatus.Invalid, Error: error);
        var text = cron!.Trim();

        await _changeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _settings.SetAsync(new Dictionary<string, string?> { [JobSettings.Cron(job.Name)] = text }, actor, cancellationToken).ConfigureAwait(false);
            var state = _schedules.AddOrUpdate(job.Name, _ => new ScheduleState(text, false, 0, null), (_, s) => s with { Cron = text });
            if (_scheduler is { } scheduler)
            {
                var key = new TriggerKey(job.Name, Group);
                await scheduler.RescheduleJob(key, BuildTrigger(job.Name, text), cancellationToken).ConfigureAwait(false);
                // Quartz stores a rescheduled trigger unpaused; a paused job stays paused.
                if (state.Paused) await scheduler.PauseTrigger(key, cancellationToken).ConfigureAwait(false);
            }
            Log.Rescheduled(_logger, job.Name, text, actor);
        }
        finally
        {
            _changeGate.Release();
        }
        return new JobCommandResult(JobCommandStatus.Ok, await GetAsync(job.Name, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Called by Quartz (through <see cref="QuartzJobAdapter"/>) when one of the job's triggers fires.</summary>
    internal async Task ExecuteFiringAsync(string name, JobDataMap data, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(name, out var job)) return;
        JobRunner.Reservation? reservation = null;
        if (data.TryGetValue(ReservationKey, out var tokenValue) && tokenValue is string token)
        {
            _reserved.TryRemove(token, out reservation);
            if (reservation is null) return; // already abandoned
        }
        else
        {
            var attempt = data.TryGetValue(AttemptKey, out var attemptValue) && attemptValue is int n ? n : 1;
            var trigger = attempt > 1 ? JobTrigger.Retry : JobTrigger.Schedule;
            if (trigger == JobTrigger.Retry) _schedules.AddOrUpdate(name, _ => new ScheduleState(job.DefaultCron, false, 0, null), (_, s) => s with { RetryAtUtc = null });
            reservation = await _runner.TryReserveAsync(name, trigger, attempt, null, cancellationToken).ConfigureAwait(false);
            if (reservation is null)
            {
                await _runner.RecordSkippedAsync(name, trigger, attempt, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var record = await _runner.RunAsync(job, reservation, cancellationToken).ConfigureAwait(false);
        await AfterRunAsync(job, record, cancellationToken).ConfigureAwait(false);
    }

    private async Task AfterRunAsync(IRelayJob job, JobRunRecord record, CancellationToken cancellationToken)
    {
        if (record.Outcome != JobOutcome.Failed)
        {
            if (record.Outcome == JobOutcome.Succeeded)
            {
                _schedules.AddOrUpdate(job.Name, _ => new ScheduleState(job.DefaultCron, false, 0, null), (_, s) => s with { ConsecutiveFailures = 0, RetryAtUtc = null });
                await UnscheduleRetryAsync(job.Name).ConfigureAwait(false);
            }
            return;
        }

        var state = _schedules.AddOrUpdate(job.Name, _ => new ScheduleState(job.DefaultCron, false, 1, null), (_, s) => s with { ConsecutiveFailures = s.ConsecutiveFailures + 1 });
        if (cancellationToken.IsCancellationRequested || _scheduler is not { } scheduler) return;
        if (record.Attempt >= _options.MaxAttempts)
        {
            Log.RetriesExhausted(_logger, job.Name, record.Attempt, record.Message);
            return;
        }
        var attempt = record.Attempt + 1;
        var at = _time.GetUtcNow() + _options.RetryDelayBefore(attempt);
        try
        {
            var trigger = TriggerBuilder.Create(_time)
                .WithIdentity(RetryTriggerName(job.Name), Group)
                .ForJob(new JobKey(job.Name, Group))
                .StartAt(at)
                .UsingJobData(AttemptKey, attempt)
                .Build();
            await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, CancellationToken.None).ConfigureAwait(false);
            if (state.Paused) await scheduler.PauseTrigger(trigger.Key, CancellationToken.None).ConfigureAwait(false);
            _schedules.AddOrUpdate(job.Name, _ => state with { RetryAtUtc = at.UtcDateTime }, (_, s) => s with { RetryAtUtc = at.UtcDateTime });
            Log.RetryScheduled(_logger, job.Name, attempt, at.UtcDateTime);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RetryNotScheduled(_logger, job.Name, ex);
        }
    }

    private async Task UnscheduleRetryAsync(string job)
    {
        if (_scheduler is not { } scheduler) return;
        try
        {
            await scheduler.UnscheduleJob(new TriggerKey(RetryTriggerName(job), Group), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RetryNotScheduled(_logger, job, ex);
        }
    }

    private async Task<JobCommandResult> SetPausedAsync(string name, bool paused, string actor, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(name, out var job)) return new JobCommandResult(JobCommandStatus.NotFound);
        await _changeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _settings.SetAsync(new Dictionary<string, string?> { [JobSettings.Paused(job.Name)] = paused ? "true" : null }, actor, cancellationToken).ConfigureAwait(false);
            _schedules.AddOrUpdate(job.Name, _ => new ScheduleState(job.DefaultCron, paused, 0, null), (_, s) => s with { Paused = paused });
            if (_scheduler is { } scheduler)
            {
                var key = new JobKey(job.Name, Group);
                if (paused) await scheduler.PauseJob(key, cancellationToken).ConfigureAwait(false);
                else await scheduler.ResumeJob(key, cancellationToken).ConfigureAwait(false);
            }
            Log.PausedChanged(_logger, job.Name, paused ? "paused" : "resumed", actor);
        }
        finally
        {
            _changeGate.Release();
        }
        return new JobCommandResult(JobCommandStatus.Ok, await GetAsync(job.Name, cancellationToken).ConfigureAwait(false));
    }

    private async Task<JobInfo> DescribeAsync(IRelayJob job, JobRunRecord? lastRun, CancellationToken cancellationToken)
    {
        var state = _schedules[job.Name];
        DateTime? next = null;
        if (!state.Paused && _scheduler is { } scheduler)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(job.Name, Group), cancellationToken).ConfigureAwait(false);
            next = trigger?.NextFireTimeUtc?.UtcDateTime;
        }
        return new JobInfo(job.Name, job.Title, job.Description, state.Cron, job.DefaultCron, state.Paused, next, lastRun,
            _runner.GetRunning(job.Name), state.Paused ? null : state.RetryAtUtc, state.ConsecutiveFailures);
    }

    private async Task LoadSchedulesAsync(CancellationToken cancellationToken)
    {
        var settings = await _settings.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var lastRuns = await _store.GetLastRunsAsync(_jobs.Keys, cancellationToken).ConfigureAwait(false);
        foreach (var job in _jobs.Values)
        {
            var cron = job.DefaultCron;
            if (settings.TryGetValue(JobSettings.Cron(job.Name), out var stored))
            {
                if (CronSchedule.TryParse(stored, out _, out var error)) cron = stored.Trim();
                else Log.StoredScheduleInvalid(_logger, job.Name, stored, error ?? "", job.DefaultCron);
            }
            var paused = settings.TryGetValue(JobSettings.Paused(job.Name), out var p) && bool.TryParse(p, out var isPaused) && isPaused;
            var failing = lastRuns.TryGetValue(job.Name, out var last) && last.Outcome == JobOutcome.Failed ? 1 : 0;
            _schedules[job.Name] = new ScheduleState(cron, paused, failing, null);
        }
    }

    private ITrigger BuildTrigger(string job, string cron) =>
        TriggerBuilder.Create(_time)
            .WithIdentity(job, Group)
            .ForJob(new JobKey(job, Group))
            .WithCronSchedule(CronSchedule.Parse(cron), b => b
                .InTimeZone(TimeZoneInfo.Utc)
                // A run missed while the process was down or the job paused is not made up for: the next one comes as scheduled.
                .WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();

    private static string RetryTriggerName(string job) => job + "-retry";

    private sealed record ScheduleState(string Cron, bool Paused, int ConsecutiveFailures, DateTime? RetryAtUtc);

    /// <summary>Hands Quartz one adapter per firing, bound to this scheduler.</summary>
    private sealed class RelayJobFactory(JobScheduler owner) : IJobFactory
    {
        public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new JobScope(new QuartzJobAdapter(owner), null!));

        public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
