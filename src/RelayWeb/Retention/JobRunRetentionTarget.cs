using RelayWeb.Jobs;

namespace RelayWeb.Retention;

/// <summary>Finished job runs (the Jobs page's history) that started before the cutoff.</summary>
public sealed class JobRunRetentionTarget(JobRunStore store) : IRetentionTarget
{
    public const string KindName = "job_runs";

    public string Kind => KindName;
    public string Title => "Job history";
    public int DefaultDays => 30;

    public Task<int> DeleteBatchAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken) =>
        store.DeleteFinishedBeforeAsync(cutoffUtc, batchSize, cancellationToken);
}
