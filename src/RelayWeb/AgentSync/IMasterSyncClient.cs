using RelayWeb.Api.Contracts;

namespace RelayWeb.AgentSync;

/// <summary>How the agent talks to its master (<see cref="MasterClient"/> over HTTP; tests use a fake).</summary>
public interface IMasterSyncClient
{
    /// <summary>The master's base URL; null when the agent runs offline.</summary>
    Uri? MasterUrl { get; }

    /// <summary>Sends one batch; returns the master's acknowledgement or throws <see cref="SyncFailedException"/>.</summary>
    Task<SyncResponse> SyncAsync(SyncRequest request, CancellationToken cancellationToken);
}
