using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RelayEngine.Ledger;
using RelayEngine.Mihomo;

namespace Microsoft.Extensions.DependencyInjection;

public static class MihomoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the relay engine (if not added yet) and a <see cref="MihomoConnectionSource"/> that collects a Mihomo
    /// controller's connections into it: live connections, traffic, and the ledger under relay id
    /// <see cref="MihomoOptions.RelayId"/>. The source is registered as an <see cref="IResumingConnectionSource"/>; register an
    /// <see cref="ILedgerReader"/> (the web host's database does) to resume the rows a previous run left open.
    /// </summary>
    /// <exception cref="Options.OptionsValidationException">At start, when the options are invalid (no host, say).</exception>
    public static IServiceCollection AddMihomoSource(this IServiceCollection services, Action<MihomoOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddRelayEngine(); // first: hosted services stop in reverse order, so the source flushes before the ledger closes
        services.AddOptions<MihomoOptions>().Configure(configure);
        services.TryAddSingleton<MihomoConnectionSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MihomoConnectionSource>(sp => sp.GetRequiredService<MihomoConnectionSource>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResumingConnectionSource, MihomoConnectionSource>(sp => sp.GetRequiredService<MihomoConnectionSource>()));
        return services;
    }
}
