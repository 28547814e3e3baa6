namespace RelayWeb.Retention;

/// <summary>How retention deletes, bound from <c>Relay:Retention</c>. Read once at start.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Relay:Retention";

    /// <summary>Rows per delete transaction. Default 1000: each batch holds the write lock for milliseconds.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Least pause between batches, so the ledger writer and the dashboard get the database in between; the job also
    /// pauses at least as long as the previous batch took. Default 20 ms.
    /// </summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.FromMilliseconds(20);
}
