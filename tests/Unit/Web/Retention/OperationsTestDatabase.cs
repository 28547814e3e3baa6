using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RelayWeb.Hosting;
using RelayWeb.Retention;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Retention;

/// <summary>
/// The operational services (retention, backups, settings) over a real SQLite file and a fake clock. The data
/// directory (<c>backups/</c> inside it) is the database's own directory, deleted with it.
/// </summary>
internal static class OperationsTestDatabase
{
    public static async Task<TestDatabase> CreateAsync(int batchSize = 1000)
    {
        string? dataDir = null;
        var database = await TestDatabase.CreateAsync(configure: services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddRelayOperations();
            services.Configure<RetentionOptions>(o =>
            {
                o.BatchSize = batchSize;
                o.PauseBetweenBatches = TimeSpan.Zero;
            });
            // Read when the options are first resolved, after the database path is known.
            services.Configure<RelayWebOptions>(o => o.DataDir = dataDir ?? throw new InvalidOperationException("The data directory is not set yet."));
        });
        dataDir = Path.GetDirectoryName(database.DatabasePath);
        return database;
    }
}
