namespace RelayEngine.Tunnels;

/// <summary>One running tunnel end (server or client). Created per start; never restarted.</summary>
internal interface ITunnelEnd : IAsyncDisposable
{
    /// <summary>Binds what this end listens on and starts its loops. Throws with a readable reason when it cannot run.</summary>
    void Start();

    /// <summary>Stops: closes listeners and the control channel, lets open connections finish for up to <paramref name="drainTimeout"/>, then aborts them with <c>RelayStopped</c>.</summary>
    Task StopAsync(TimeSpan drainTimeout);
}
