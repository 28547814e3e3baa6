namespace RelayEngine.Model;

/// <summary>Imperative operations that are not a configuration change.</summary>
public interface IRelayControl
{
    /// <summary>Unbinds and binds the relay again (closing its connections with <c>RelayStopped</c>). False when the relay is unknown.</summary>
    Task<bool> RestartRelayAsync(string relayId, CancellationToken cancellationToken = default);

    /// <summary>Completes when the configuration revision <paramref name="revisionId"/> (or a later one) has been applied.</summary>
    Task WaitForRevisionAsync(string revisionId, CancellationToken cancellationToken = default);
}
