namespace RelayWeb.Jobs;

/// <summary>Names of the settings a job's schedule lives in.</summary>
public static class JobSettings
{
    /// <summary><c>jobs.NAME.cron</c>: the cron expression (absent: the job's default).</summary>
    public static string Cron(string job) => $"jobs.{job}.cron";

    /// <summary><c>jobs.NAME.paused</c>: <c>true</c> while paused (absent: running).</summary>
    public static string Paused(string job) => $"jobs.{job}.paused";
}
