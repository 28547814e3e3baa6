using System.CommandLine;

namespace RelayWeb.Cli;

/// <summary>Options and error reporting the maintenance commands (<c>backup</c>, <c>restore</c>) share.</summary>
internal static class CliOptions
{
    /// <summary><c>--data-dir</c>, defaulting to <c>RELAY_DATA_DIR</c> or <c>./data</c>, as <c>relay serve</c> does.</summary>
    public static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Data directory holding relay.db. Env RELAY_DATA_DIR. Default: ./data.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RELAY_DATA_DIR") is { Length: > 0 } fromEnv ? fromEnv : "./data",
    };

    /// <summary>Prints <c>relay COMMAND: REASON</c> on stderr and returns the usage-error exit code (2).</summary>
    public static int Fail(string command, string reason)
    {
        Console.Error.WriteLine($"relay {command}: {reason}");
        return RelayCommandLine.UsageError;
    }
}
