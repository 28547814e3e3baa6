using System.Globalization;
using Microsoft.Extensions.Options;
using RelayWeb.Background;
using RelayWeb.Jobs;
using RelayWeb.Settings;

namespace RelayWeb.Retention;

/// <summary>
/// <c>ledger-retention</c>: deletes, for every <see cref="IRetentionTarget"/>, the rows older than its retention setting, in
/// batches of <see cref="RetentionOptions.BatchSize"/> with a pause between them a few times as long as the batch took, so
/// relays and the dashboard never wait long for the database. Open connections are never deleted.
/// </summary>
public sealed partial class LedgerRetentionJob(OperationsSettingsService settings, TimeProvider time, IOptions<RetentionOptions> options,
    BackgroundWorkThread background, ILogger<LedgerRetentionJob> logger) : IRelayJob
{
    public const string JobName = "ledger-retention";

    private readonly RetentionOptions _options = options.Value;

    public string Name => JobName;
    public string Title => "Retention";
    public string Description => "Deletes closed connections, statistics and job history older than their retention (Settings), a thousand rows at a time.";
    public string DefaultCron => "30 3 * * *";

    public async Task<JobResult> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        var parts = new List<string>();
        long total = 0;
        var active = settings.RetentionTargets.Where(t => current.RetentionDays.GetValueOrDefault(t.Kind) > 0).ToList();
        if (active.Count == 0) return JobResult.Skipped("Retention is off for every kind (0 days keeps everything).");

        for (var i = 0; i < active.Count; i++)
        {
            var target = active[i];
            var days = current.RetentionDays[target.Kind];
            var cutoff = now - TimeSpan.FromDays(days);
            long deleted = 0;
            while (true)
            {
                var started = time.GetTimestamp();
                var batch = await background.RunAsync(ct => target.DeleteBatchAsync(cutoff, Math.Max(1, _options.BatchSize), ct), cancellationToken).ConfigureAwait(false);
                var held = time.GetElapsedTime(started);
                deleted += batch;
                context.Report((i + 0.5) / active.Count, $"{target.Title}: {deleted.ToString("N0", CultureInfo.InvariantCulture)} deleted", total + deleted);
                if (batch < _options.BatchSize) break;
                // Let the ledger writer, readers and the relays' CPU in: pause a multiple of what the batch took, so
                // retention holds the write lock (and a core) a bounded share of the time however slow the disk is.
                await Task.Delay(_options.PauseAfter(held), time, cancellationToken).ConfigureAwait(false);
            }
            total += deleted;
            parts.Add($"{target.Title.ToLowerInvariant()}: {deleted.ToString("N0", CultureInfo.InvariantCulture)} older than {days} d");
            if (deleted > 0) Log.Deleted(logger, deleted, target.Kind, days);
        }
        context.Report(1, null, total);
        return JobResult.Succeeded("Deleted " + string.Join("; ", parts) + ".", total);
    }
}
