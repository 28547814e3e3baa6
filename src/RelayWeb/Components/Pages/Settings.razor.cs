using Microsoft.AspNetCore.Components;
using Radzen;
using RelayWeb.Backups;
using RelayWeb.Components.Dialogs;
using RelayWeb.Jobs;
using RelayWeb.Settings;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Pages;

/// <summary>
/// Retention per kind of data and the backups: how many to keep, the list with size and time, downloads, and "Back up
/// now" with its progress (a run of the <c>database-backup</c> job, followed once a second until it ends).
/// </summary>
public partial class Settings : IAsyncDisposable
{
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _cts = new();
    private SettingsFormModel? _form;
    private IReadOnlyList<BackupRowViewModel> _backups = [];
    private JobRunProgress? _backupRun;
    private JobRunRecord? _lastBackupRun;
    private string _retentionSchedule = "";
    private string _backupSchedule = "";
    private string _backupDirectory = "";
    private DateTime _now;
    private bool _canWrite;
    private bool _saving;
    private Task? _refreshLoop;

    [Inject]
    public required OperationsSettingsService SettingsService { get; init; }

    [Inject]
    public required BackupService Backups { get; init; }

    [Inject]
    public required IJobScheduler Scheduler { get; init; }

    [Inject]
    public required RelayActions Actions { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canWrite = await Actions.CanWriteAsync();
        _backupDirectory = Backups.BackupDirectory;
        _form = SettingsFormModel.From(await SettingsService.GetAsync(_cts.Token), SettingsService.RetentionTargets);
        await RefreshBackupsAsync();
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
                    // Only a backup in progress needs the database every second; otherwise the clock moves the relative times.
                    if (_backupRun is not null) await RefreshBackupsAsync();
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

    private async Task RefreshBackupsAsync()
    {
        var wasRunning = _backupRun;
        var jobs = await Scheduler.ListAsync(_cts.Token);
        var backup = jobs.FirstOrDefault(j => j.Name == DatabaseBackupJob.JobName);
        var retention = jobs.FirstOrDefault(j => j.Name == Retention.LedgerRetentionJob.JobName);
        _backupRun = backup?.Running;
        _lastBackupRun = backup?.LastRun;
        _backupSchedule = backup is null ? "never (no backup job)" : Lower(CronDescription.Describe(backup.Cron)) + (backup.Paused ? " (paused)" : "");
        _retentionSchedule = retention is null ? "not scheduled" : Lower(CronDescription.Describe(retention.Cron)) + (retention.Paused ? ", paused" : "");
        _backups = BackupRowViewModel.FromAll(Backups.List());
        _now = Time.GetUtcNow().UtcDateTime;
        if (wasRunning is not null && _backupRun is null && _lastBackupRun is { } last && last.Id == wasRunning.RunId)
        {
            Notify(last.Outcome == JobOutcome.Succeeded ? NotificationSeverity.Success : NotificationSeverity.Error,
                last.Outcome == JobOutcome.Succeeded ? $"Backup written: {last.Message}" : $"The backup failed: {last.Message}");
        }
    }

    private async Task BackupNowAsync()
    {
        var result = await Scheduler.RunNowAsync(DatabaseBackupJob.JobName, await Actions.ActorAsync());
        if (result.Status == JobCommandStatus.AlreadyRunning) Notify(NotificationSeverity.Info, "A backup is already running; its progress is shown here.");
        else if (result.Status != JobCommandStatus.Ok) Notify(NotificationSeverity.Error, "The backup could not start: " + (result.Error ?? result.Status.ToString()));
        _backupRun = result.Running;
        await RefreshBackupsAsync();
        _backupRun ??= result.Running is { } started && _lastBackupRun?.Id != started.RunId ? started : null;
    }

    private async Task SaveAsync()
    {
        if (_form is null) return;
        var (days, keep) = _form.ToUpdate();
        if (_form.Errors.Count > 0) return;
        _saving = true;
        try
        {
            var errors = await SettingsService.UpdateAsync(days, keep, await Actions.ActorAsync(), _cts.Token);
            _form.SetErrors(errors);
            if (errors.Count == 0) Notify(NotificationSeverity.Success, "Settings saved; they apply from the next run.");
        }
        finally
        {
            _saving = false;
        }
    }

    private IReadOnlyList<string> ErrorsFor(string field) => _form?.ErrorFor(field) is { } error ? [error] : [];

    private static void RenderBackupRow(RowRenderEventArgs<BackupRowViewModel> args)
    {
        if (args.Data is not { } backup) return;
        args.Attributes["data-testid"] = "backup-row";
        args.Attributes["data-name"] = backup.Name;
    }

    private static string Lower(string text) => text.Length > 0 && char.IsUpper(text[0]) && !text.StartsWith("On ", StringComparison.Ordinal) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

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
