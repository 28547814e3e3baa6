using System.Collections.Immutable;

namespace RelayEngine.Events;

/// <summary>
/// An initial snapshot plus the changes after it (Aspire's subscription shape). The change stream never completes
/// on its own: callers own its lifetime and end it by cancelling the token they passed when subscribing.
/// </summary>
public sealed record EngineSubscription<TSnapshot, TChange>(
    ImmutableArray<TSnapshot> InitialState,
    IAsyncEnumerable<IReadOnlyList<TChange>> Changes);
