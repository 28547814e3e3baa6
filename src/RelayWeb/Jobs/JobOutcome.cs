namespace RelayWeb.Jobs;

/// <summary>How a job run ended. Stored in lower case (<c>succeeded</c>) in <c>job_runs.Outcome</c>.</summary>
public enum JobOutcome
{
    /// <summary>Still running (or the process stopped while it ran; the next start marks such runs failed).</summary>
    Running,
    Succeeded,
    Failed,

    /// <summary>Nothing to do, or the previous run was still going.</summary>
    Skipped,
}
