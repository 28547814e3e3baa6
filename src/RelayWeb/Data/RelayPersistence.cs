using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RelayData;
using RelayEngine.Ledger;
using RelayEngine.Management;

namespace RelayWeb.Data;

/// <summary>Start-up of the persistence layer; run once after the host is built and before the engine starts.</summary>
public static partial class RelayPersistence
{
    /// <summary>
    /// Migrates the database (<see cref="RelayDatabase.MigrateAsync"/>), closes the connections this agent left open when
    /// its previous process died (<see cref="DbLedgerSink.CloseStaleOpenConnectionsAsync(string, DateTime, IReadOnlyCollection{string}, CancellationToken)"/>;
    /// except those of an <see cref="IResumingConnectionSource"/>), and loads the engine's first
    /// configuration snapshot. Throws on failure: the host should not start without its database.
    /// </summary>
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await RelayDatabase.MigrateAsync(services, cancellationToken).ConfigureAwait(false);

        var agentId = services.GetRequiredService<IOptions<RelayEngineOptions>>().Value.AgentId;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        // Sources whose connections outlive the process (Mihomo) resume their open rows instead.
        var resumed = services.GetServices<IResumingConnectionSource>().Select(s => s.RelayId).ToArray();
        var closed = await services.GetRequiredService<DbLedgerSink>().CloseStaleOpenConnectionsAsync(agentId, now, resumed, cancellationToken).ConfigureAwait(false);
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(typeof(RelayPersistence).FullName!);
        if (closed > 0)
        {
            Log.StaleConnectionsClosed(logger, closed, agentId);
        }

        var revisionId = await services.GetRequiredService<DbEngineConfigProvider>().InvalidateAsync(cancellationToken).ConfigureAwait(false);
        Log.Ready(logger, revisionId);
    }

    private static partial class Log
    {
        [LoggerMessage(3120, LogLevel.Warning, "Closed {Count} connection(s) of agent '{AgentId}' left open by the previous run (reason relay_stopped).", EventName = "StaleConnectionsClosed")]
        public static partial void StaleConnectionsClosed(ILogger logger, int count, string agentId);

        [LoggerMessage(3121, LogLevel.Information, "Persistence ready; engine configuration revision {RevisionId}.", EventName = "PersistenceReady")]
        public static partial void Ready(ILogger logger, string revisionId);
    }
}
