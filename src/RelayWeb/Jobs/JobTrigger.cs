namespace RelayWeb.Jobs;

/// <summary>What started a run. Stored in lower case (<c>schedule</c>) in <c>job_runs.Trigger</c>.</summary>
public enum JobTrigger
{
    /// <summary>Its cron schedule came due.</summary>
    Schedule,

    /// <summary>Somebody pressed "Run now" or called <c>POST /api/v1/jobs/{name}/run</c>.</summary>
    Manual,

    /// <summary>An automatic retry after a failed run.</summary>
    Retry,
}
