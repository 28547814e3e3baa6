namespace RelayWeb.Jobs;

/// <summary>A running job as the dashboard and the API show it: which run, since when, and how far it got.</summary>
/// <param name="Fraction">0 to 1 when the job can tell, null when it cannot.</param>
public sealed record JobRunProgress(
    long RunId,
    string Job,
    JobTrigger Trigger,
    int Attempt,
    DateTime StartedUtc,
    string? Actor,
    double? Fraction,
    string? Message,
    long ItemsProcessed);
