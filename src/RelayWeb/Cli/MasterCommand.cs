using System.CommandLine;

namespace RelayWeb.Cli;

/// <summary>
/// <c>relay master</c>: <c>relay serve</c> under the name and flags of the Mihomo connection tracker's master
/// (<c>--database</c>, <c>--listen-host</c>, <c>--listen-port</c>, <c>--api-token</c>, and for standalone collection
/// <c>--mihomo-host</c>, <c>--mihomo-port</c>, <c>--mihomo-token</c>), so its users switch without changing their command.
/// </summary>
internal static class MasterCommand
{
    public static Command Create()
    {
        var command = new Command("master",
            "Same as 'serve', with the Mihomo connections tracker's flags: relay master --database ./master.db --listen-host 0.0.0.0 "
            + "--listen-port 9091 --api-token TOKEN [--mihomo-host 127.0.0.1 --mihomo-port 9090 --mihomo-token SECRET]. "
            + "With --mihomo-host it collects that Mihomo controller's connections into --database and prints them as they open and close.");
        ServeCommand.Configure(command);
        return command;
    }
}
