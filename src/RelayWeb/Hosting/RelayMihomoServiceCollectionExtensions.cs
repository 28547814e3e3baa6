using RelayEngine.Mihomo;
using RelayWeb.Cli;

namespace RelayWeb.Hosting;

/// <summary>Standalone Mihomo collection for <c>relay serve</c>/<c>relay master</c> (<c>--mihomo-host</c>).</summary>
public static class RelayMihomoServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="MihomoOptions"/>: <c>Relay:Mihomo:Host</c>, <c>:Port</c>, <c>:Token</c>...</summary>
    public const string SectionName = "Relay:Mihomo";

    /// <summary>
    /// When <c>Relay:Mihomo:Host</c> is set: collects that controller's connections into the engine and the ledger
    /// (<c>AddMihomoSource</c>, bound from <see cref="SectionName"/>) and prints connections as they open and close
    /// (<see cref="ConsoleConnectionReporter"/>, the tracker's console). Otherwise does nothing. Call after
    /// <c>AddRelayPersistence</c> and <c>AddRelayEngine</c>.
    /// </summary>
    public static IServiceCollection AddRelayMihomo(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        if (string.IsNullOrWhiteSpace(section["Host"])) return services;
        services.AddMihomoSource(options => section.Bind(options));
        services.AddHostedService<ConsoleConnectionReporter>();
        return services;
    }
}
