using System.CommandLine;

namespace RelayWeb.Cli;

/// <summary>Options and error reporting the maintenance commands (<c>backup</c>, <c>restore</c>) share, resolved as <c>relay serve</c> resolves them.</summary>
internal static class CliOptions
{
    /// <summary><c>--data-dir</c>; unset means <c>RELAY_DATA_DIR</c>, else the directory of <c>--database</c>, else <c>./data</c>.</summary>
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Data directory holding relay.db (and backups/). Env RELAY_DATA_DIR. Default: ./data, or the directory of --database.",
    };

    /// <summary><c>--database</c>: the database file when it is not <c>DATA_DIR/relay.db</c> (as <c>relay master --database</c>).</summary>
    public static Option<string?> Database() => new("--database")
    {
        Description = "The database file, when it is not DATA_DIR/relay.db (relay master --database). Env RELAY_DATABASE.",
    };

    /// <summary>The data directory and the database file, from the two options and their environment variables.</summary>
    public static (string DataDir, string Database) Resolve(string? dataDir, string? database)
    {
        database = NonEmpty(database) ?? NonEmpty(Environment.GetEnvironmentVariable("RELAY_DATABASE"));
        var directory = NonEmpty(dataDir) ?? NonEmpty(Environment.GetEnvironmentVariable("RELAY_DATA_DIR"))
            ?? (database is null ? "./data" : Path.GetDirectoryName(Path.GetFullPath(database))!);
        return (Path.GetFullPath(directory), Path.GetFullPath(database ?? Path.Combine(directory, "relay.db")));
    }

    /// <summary>Prints <c>relay COMMAND: REASON</c> on stderr and returns the usage-error exit code (2).</summary>
    public static int Fail(string command, string reason)
    {
        Console.Error.WriteLine($"relay {command}: {reason}");
        return RelayCommandLine.UsageError;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
