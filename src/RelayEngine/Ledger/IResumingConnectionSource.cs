namespace RelayEngine.Ledger;

/// <summary>
/// A connection source whose connections live outside this process (the Mihomo controller): when the process stops, its
/// open ledger rows stay open, and the next run resumes them through <see cref="ILedgerReader"/> and closes those the
/// source no longer lists. Hosts that close stale open rows at start-up (a crashed run's) must skip
/// <see cref="RelayId"/>. Registered as a singleton by the source's <c>Add*</c> method.
/// </summary>
public interface IResumingConnectionSource
{
    /// <summary>The relay id the source records its connections under (<c>mihomo</c>).</summary>
    string RelayId { get; }
}
