using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RelayWeb.Jobs;

/// <summary>
/// The scheduler's instruments (meter <c>Relay.Jobs</c>): <c>relay.job.runs</c> (tags <c>job</c>, <c>outcome</c>) and
/// <c>relay.job.duration</c> (s). <c>/metrics</c> exports them as <c>relay_job_runs_total</c> and
/// <c>relay_job_duration_seconds</c>.
/// </summary>
public sealed class JobMetrics
{
    public const string MeterName = "Relay.Jobs";

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;

    public JobMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _runs = meter.CreateCounter<long>("relay.job.runs", unit: "{run}", description: "Job runs by job and outcome.");
        _duration = meter.CreateHistogram<double>("relay.job.duration", unit: "s", description: "How long job runs took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600] });
    }

    public void RecordRun(string job, JobOutcome outcome, TimeSpan duration)
    {
        var tags = new TagList { { "job", job }, { "outcome", JobRunStore.Name(outcome) } };
        _runs.Add(1, tags);
        if (outcome != JobOutcome.Skipped) _duration.Record(Math.Max(0, duration.TotalSeconds), new TagList { { "job", job } });
    }
}
