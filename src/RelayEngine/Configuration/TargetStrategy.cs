namespace RelayEngine.Configuration;

/// <summary>How a relay picks among its targets.</summary>
public enum TargetStrategy
{
    /// <summary>Use the first target; on a failed connect try the next one, in order.</summary>
    Failover,

    /// <summary>Rotate through the targets, one per new connection or UDP session; a failed connect moves on to the next.</summary>
    RoundRobin,

    /// <summary>UDP only: every datagram goes to every target (fan-out). Replies from any target return to the client.</summary>
    All,
}
