namespace RelayWeb.Retention;

/// <summary>
/// One kind of data that ages out (closed connections, job history; later samples and roll-ups). Register with
/// <c>services.AddRetentionTarget&lt;T&gt;()</c>; the <c>ledger-retention</c> job asks each target to delete what is older
/// than its setting <c>retention.KIND.days</c> (0 keeps everything), one small batch at a time.
/// </summary>
public interface IRetentionTarget
{
    /// <summary>Setting key part and API field: <c>ledger</c> → <c>retention.ledger.days</c>.</summary>
    string Kind { get; }

    /// <summary>What the Settings page calls it: <c>Closed connections</c>.</summary>
    string Title { get; }

    /// <summary>Days kept until someone changes the setting.</summary>
    int DefaultDays { get; }

    /// <summary>Deletes at most <paramref name="batchSize"/> rows older than <paramref name="cutoffUtc"/> in one short transaction; returns how many.</summary>
    Task<int> DeleteBatchAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken);
}
