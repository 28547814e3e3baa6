using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayEngine.Configuration;
using RelayEngine.Management;
using RelayWeb.Api;
using RelayWeb.Cli;
using RelayWeb.Data;
using RelayWeb.Hosting;
using Serilog;

namespace RelayWeb.AgentSync;

/// <summary>
/// Composes <c>relay agent</c>: a generic host (no web server) with the engine, the local ledger database, the relays of the
/// last assignment, agent sync, retention, the disk monitor, the console connection log, the optional health endpoint, and
/// with <c>--mihomo-host</c> the Mihomo connection source (its records sync like relayed ones, metadata included).
/// </summary>
public static class AgentHost
{
    /// <summary>
    /// The host builder with configuration from appsettings.json, the <c>RELAY_*</c> variables and <paramref name="overrides"/>
    /// (flags), in rising precedence.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(IDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ConfigReload.Off });
        builder.Configuration.AddRelayEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(overrides);
        return builder;
    }

    /// <summary>Every configuration error, worded for the command line (empty when the agent can start).</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var agentId = configuration[$"{RelayEngineOptions.SectionName}:{nameof(RelayEngineOptions.AgentId)}"];
        if (string.IsNullOrWhiteSpace(agentId)) errors.Add("--agent-id is required (this agent's unique id, e.g. edge-fra-1).");
        else if (!AgentIds.IsValid(agentId)) errors.Add($"--agent-id '{agentId}' is not valid: {AgentIds.Rule}.");
        try
        {
            var options = configuration.GetSection(AgentOptions.SectionName).Get<AgentOptions>() ?? new AgentOptions();
            errors.AddRange(options.Validate());
        }
        catch (InvalidOperationException ex)
        {
            // a number that is not a number: the binder names the key
            errors.Add(ex.InnerException?.Message ?? ex.Message);
        }
        var mihomo = configuration.GetSection(RelayMihomoServiceCollectionExtensions.SectionName);
        if (!string.IsNullOrWhiteSpace(mihomo["Host"]))
        {
            var options = new RelayEngine.Mihomo.MihomoOptions();
            mihomo.Bind(options);
            errors.AddRange(options.Validate().Select(e => "Mihomo: " + e));
        }
        return errors;
    }

    /// <summary>Registers the agent's services on a validated builder (<see cref="Validate"/>) and builds the host.</summary>
    public static IHost Build(HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(AgentOptions.SectionName).Get<AgentOptions>() ?? new AgentOptions();
        var database = Path.GetFullPath(options.LocalDatabase!);
        var logs = Path.Combine(Path.GetDirectoryName(database)!, "logs");

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(SerilogSetup.CreateLogger(builder.Configuration, logs), dispose: true);
        var services = builder.Services;
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.SectionName);
        services.AddRelayPersistence(database);
        // The master computes statistics from what agents sync; an agent keeping them too would only grow its database.
        services.Configure<LedgerOptions>(o => o.TrafficIntervals = false);
        services.TryAddSingleton<SyncOutbox>();
        services.TryAddSingleton<AssignmentEngineConfigProvider>();
        services.Replace(ServiceDescriptor.Singleton<IEngineConfigProvider>(sp => sp.GetRequiredService<AssignmentEngineConfigProvider>()));
        services.TryAddSingleton<ServerInfo>();
        services.TryAddSingleton<AgentSyncState>();
        services.TryAddSingleton<AgentHeartbeatBuilder>();
        services.TryAddSingleton<MasterClient>();
        services.TryAddSingleton<IMasterSyncClient>(sp => sp.GetRequiredService<MasterClient>());
        // Start order: database (migrate, close stale rows), last assignment, engine, then sync and the rest.
        services.AddHostedService<PersistenceInitializer>();
        services.AddHostedService<AgentInitializer>();
        services.AddRelayEngine();
        services.AddRelayMihomo(builder.Configuration);
        services.AddHostedService<AgentSyncService>();
        services.TryAddSingleton<RelayWeb.Background.BackgroundWorkThread>();
        services.AddHostedService<RetentionService>();
        services.AddHostedService<DiskSpaceMonitor>();
        services.AddRelayAgentMetrics();
        services.AddHostedService<AgentHealthEndpoint>();
        services.AddHostedService<ConsoleConnectionReporter>();
        return builder.Build();
    }
}
