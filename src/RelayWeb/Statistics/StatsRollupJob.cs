using System.Globalization;
using RelayWeb.Jobs;

namespace RelayWeb.Statistics;

/// <summary>
/// <c>stats-rollup</c>: every minute, rolls the minutes whose traffic changed into the per-minute, per-hour and per-day
/// tables (<see cref="StatsRollupService"/>). After downtime the first run catches up on everything marked meanwhile,
/// reporting how far it got (the Jobs page and <c>GET /api/v1/jobs/stats-rollup</c> show it).
/// </summary>
public sealed class StatsRollupJob(StatsRollupService rollups) : IRelayJob
{
    public const string JobName = "stats-rollup";

    public string Name => JobName;
    public string Title => "Statistics roll-up";
    public string Description => "Rolls the traffic of the minutes that changed into the per-minute, per-hour and per-day statistics tables.";
    public string DefaultCron => "* * * * *";

    public async Task<JobResult> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await rollups.RollUpAsync(
            (done, fraction) => context.Report(fraction, string.Create(CultureInfo.InvariantCulture,
                $"{done.Minutes:N0} minutes in {done.Hours:N0} hours rolled up, {done.Days:N0} days summed"), done.Minutes),
            cancellationToken).ConfigureAwait(false);
        if (result.Minutes == 0 && result.Days == 0) return JobResult.Skipped("Nothing new to roll up.");
        return JobResult.Succeeded(
            string.Create(CultureInfo.InvariantCulture, $"Rolled up {result.Minutes:N0} minutes in {result.Hours:N0} hours and {result.Days:N0} days."),
            result.Minutes);
    }
}
