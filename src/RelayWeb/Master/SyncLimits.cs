namespace RelayWeb.Master;

/// <summary>Bounds of one <c>POST /api/v1/sync</c> batch; anything larger gets 413 and stores nothing.</summary>
public static class SyncLimits
{
    /// <summary>Most records in one batch. Agents send at most 1,000 by default.</summary>
    public const int MaxRecords = 5000;

    /// <summary>Most validation errors listed in one 400 answer (the first ones, in record order).</summary>
    public const int MaxReportedErrors = 20;
}
