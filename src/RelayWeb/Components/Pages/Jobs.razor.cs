using Microsoft.AspNetCore.Components;
using Radzen;
using RelayWeb.Components.Dialogs;
using RelayWeb.Jobs;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Pages;

/// <summary>
/// The scheduled jobs: state, schedule (editable), next and last run, progress of a run in progress, history, and Run now /
/// Pause / Resume for accounts that may write. Re-reads the scheduler once a second while something runs, every five
/// seconds otherwise.
/// </summary>
public partial class Jobs : IAsyncDisposable
{
    private const int HistorySize = 20;
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_idleRefresh = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cts = new();
    private readonly Dictionary<string, ScheduleEditor> _editors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<JobRunRecord>> _history = new(StringComparer.Ordinal);
    private IReadOnlyList<JobViewModel> _jobs = [];
    private DateTime _now;
    private DateTime _lastRefresh;
    private bool _canWrite;
    private Task? _refreshLoop;

    [Inject]
    public required IJobScheduler Scheduler { get; init; }

    [Inject]
    public required JobRunStore Runs { get; init; }

    [Inject]
    public required RelayActions Actions { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canWrite = await Actions.CanWriteAsync();
        await RefreshAsync();
        _refreshLoop = RefreshLoopAsync(_cts.Token);
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(s_tick, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(async () =>
                {
                    var busy = _jobs.Any(j => j.Job.Running is not null || j.Job.RetryAtUtc is not null);
                    if (busy || Time.GetUtcNow().UtcDateTime - _lastRefresh >= s_idleRefresh) await RefreshAsync();
                    else _now = Time.GetUtcNow().UtcDateTime;
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // the page was closed
        }
    }

    private async Task RefreshAsync()
    {
        var wasRunning = _jobs.Where(j => j.Job.Running is not null).Select(j => j.Name).ToHashSet(StringComparer.Ordinal);
        _jobs = JobViewModel.FromAll(await Scheduler.ListAsync(_cts.Token));
        _now = _lastRefresh = Time.GetUtcNow().UtcDateTime;
        foreach (var name in _history.Keys.ToList())
        {
            _history[name] = await Runs.ListAsync(name, HistorySize, null, _cts.Token);
        }
        foreach (var finished in _jobs.Where(j => wasRunning.Contains(j.Name) && j.Job.Running is null && j.Job.LastRun is not null))
        {
            var last = finished.Job.LastRun!;
            Notify(last.Outcome == JobOutcome.Failed ? NotificationSeverity.Error : NotificationSeverity.Success,
                $"{finished.Title}: {JobViewModel.Labels.Outcome(last.Outcome).ToLowerInvariant()}" + (last.Message is { Length: > 0 } m ? $". {m}" : "."));
        }
    }

    private async Task RunNowAsync(JobViewModel job)
    {
        var result = await Scheduler.RunNowAsync(job.Name, await Actions.ActorAsync());
        switch (result.Status)
        {
            case JobCommandStatus.Ok:
                Notify(NotificationSeverity.Info, $"{job.Title}: run #{result.RunId} started.");
                break;
            case JobCommandStatus.AlreadyRunning:
                Notify(NotificationSeverity.Warning, $"{job.Title} is already running (run #{result.Running?.RunId}).");
                break;
            default:
                Notify(NotificationSeverity.Error, $"{job.Title} could not start: {result.Error ?? result.Status.ToString()}.");
                break;
        }
        await RefreshAsync();
    }

    private async Task SetPausedAsync(JobViewModel job, bool paused)
    {
        var actor = await Actions.ActorAsync();
        var result = paused ? await Scheduler.PauseAsync(job.Name, actor) : await Scheduler.ResumeAsync(job.Name, actor);
        if (result.Status == JobCommandStatus.Ok) Notify(NotificationSeverity.Success, paused ? $"{job.Title} paused." : $"{job.Title} resumed.");
        await RefreshAsync();
    }

    private void OpenEditor(JobViewModel job) => _editors[job.Name] = new ScheduleEditor(job.Job.Cron);

    private async Task SaveScheduleAsync(JobViewModel job, ScheduleEditor editor)
    {
        if (!editor.IsValid) return;
        var result = await Scheduler.RescheduleAsync(job.Name, editor.Text, await Actions.ActorAsync());
        if (result.Status == JobCommandStatus.Invalid)
        {
            editor.Reject(result.Error);
            return;
        }
        _editors.Remove(job.Name);
        Notify(NotificationSeverity.Success, $"{job.Title} now runs: {CronDescription.Describe(editor.Text)}.");
        await RefreshAsync();
    }

    private async Task ToggleHistoryAsync(JobViewModel job)
    {
        if (!_history.Remove(job.Name)) _history[job.Name] = await Runs.ListAsync(job.Name, HistorySize, null, _cts.Token);
    }

    private static void RenderRunRow(RowRenderEventArgs<JobRunRecord> args)
    {
        if (args.Data is not { } run) return;
        args.Attributes["data-testid"] = "job-run-row";
        args.Attributes["data-outcome"] = run.Outcome.ToString();
    }

    private void Notify(NotificationSeverity severity, string summary) =>
        Notifications.Notify(new NotificationMessage { Severity = severity, Summary = summary, Duration = 5000 });

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        if (_refreshLoop is not null)
        {
            try
            {
                await _refreshLoop;
            }
            catch (OperationCanceledException)
            {
                // expected
            }
        }
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }
}
