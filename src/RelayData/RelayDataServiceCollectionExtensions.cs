using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Infrastructure;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Relay database.</summary>
public static class RelayDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{RelayDbContext}"/> on the SQLite file <paramref name="databasePath"/>, creating
    /// its directory if missing. Connections are pooled and wait up to <see cref="RelayDatabase.BusyTimeout"/> for locks. Call
    /// <see cref="RelayDatabase.MigrateAsync"/> at start-up before the database is used.
    /// </summary>
    public static IServiceCollection AddRelayData(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        var connectionString = RelayDatabase.BuildConnectionString(databasePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        services.AddDbContextFactory<RelayDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(SqlitePragmaInterceptor.Instance));
        return services;
    }
}
