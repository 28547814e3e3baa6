using System.CommandLine;

namespace RelayWeb.Cli;

/// <summary>
/// The <c>relay</c> command line. <c>relay</c> alone is <c>relay serve</c>. Parse errors print one line and exit 2,
/// so scripts and service managers see a clear reason instead of a page of help.
/// </summary>
public static class RelayCommandLine
{
    public const int UsageError = 2;

    /// <param name="args">The command line.</param>
    /// <param name="cancellationToken">Stops a running command as Ctrl-C would (tests, embedding hosts).</param>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parsed = CreateRoot().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var command = string.Join(' ', parsed.CommandResult.Command is RootCommand ? ["relay"] : new[] { "relay", parsed.CommandResult.Command.Name });
            await Console.Error.WriteLineAsync($"{command}: {parsed.Errors[0].Message} Run '{command} --help' for usage.");
            return UsageError;
        }
        return await parsed.InvokeAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The root command with every subcommand (<c>serve</c>, <c>master</c>, <c>run</c>, <c>backup</c>, <c>restore</c>).</summary>
    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand("Relay: TCP/UDP forwards with a live connection ledger, a dashboard and a REST API, in one process.");
        ServeCommand.Configure(root);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MasterCommand.Create());
        root.Subcommands.Add(AgentCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(BackupCommand.Create());
        root.Subcommands.Add(RestoreCommand.Create());
        return root;
    }
}
