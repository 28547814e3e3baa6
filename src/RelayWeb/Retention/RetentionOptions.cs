namespace RelayWeb.Retention;

/// <summary>How retention deletes, bound from <c>Relay:Retention</c>. Read once at start.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Relay:Retention";

    /// <summary>Rows per delete transaction. Default 1000: each batch holds the write lock for milliseconds.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Least pause between batches, so the ledger writer and the dashboard get the database in between; the job also
    /// pauses <see cref="PauseFactor"/> times as long as the previous batch took. Default 20 ms.
    /// </summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The pause after a batch, as a multiple of the time the batch took. Default 3: retention holds the write lock at
    /// most a quarter of the time. The batches already run at the lowest CPU priority (BackgroundWorkThread); with 1 the
    /// clean-up went 1.5 times as fast but the relays' p99 during it rose 10–40% over a control run (1,000,000-row bench),
    /// against 0–13% with 3; retention is never urgent.
    /// </summary>
    public double PauseFactor { get; set; } = 3;

    /// <summary>How long to pause after a batch that took <paramref name="batchTook"/>.</summary>
    public TimeSpan PauseAfter(TimeSpan batchTook)
    {
        var paced = batchTook * Math.Max(0, PauseFactor);
        return paced > PauseBetweenBatches ? paced : PauseBetweenBatches;
    }
}
