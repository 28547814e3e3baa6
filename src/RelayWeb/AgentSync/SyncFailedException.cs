namespace RelayWeb.AgentSync;

/// <summary>A sync request that did not get an acknowledgement, with why (<see cref="Kind"/>) and the HTTP status if any.</summary>
public sealed class SyncFailedException : Exception
{
    public SyncFailedException(SyncFailureKind kind, string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    public SyncFailedException()
    {
    }

    public SyncFailedException(string message) : base(message)
    {
    }

    public SyncFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SyncFailureKind Kind { get; }
    public int? StatusCode { get; }
}
