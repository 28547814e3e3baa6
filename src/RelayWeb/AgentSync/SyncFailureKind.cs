namespace RelayWeb.AgentSync;

/// <summary>Why a sync request failed; each kind has its own log line and health wording.</summary>
public enum SyncFailureKind
{
    /// <summary>No answer: connection refused, name not resolved, network down, timeout.</summary>
    Unreachable,

    /// <summary>401 or 403: the master rejected the token (wrong, revoked, or bound to another agent).</summary>
    Rejected,

    /// <summary>413: the batch is larger than the master accepts; the agent halves its batch size.</summary>
    TooLarge,

    /// <summary>Another 4xx: the master refused the batch (a bug or a version mismatch); it stays buffered.</summary>
    Refused,

    /// <summary>5xx: the master failed while storing; nothing was acknowledged.</summary>
    ServerError,

    /// <summary>The local database failed (reading the backlog or writing the cursor).</summary>
    LocalStore,
}
