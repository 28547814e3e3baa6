using System.CommandLine;
using System.Globalization;
using RelayWeb.Hosting;

namespace RelayWeb.Cli;

/// <summary><c>relay serve</c>: dashboard + API + engine with an embedded SQLite database.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the dashboard, REST API and relay engine (the default command).");
        Configure(command);
        return command;
    }

    /// <summary>Adds the serve options and action to <paramref name="command"/> (the root command gets them too).</summary>
    public static void Configure(Command command)
    {
        var options = new List<(RelayEnvironmentVariables.Setting Setting, Option Option)>();
        foreach (var setting in RelayEnvironmentVariables.Serve)
        {
            Option option = setting.Flag is "--listen-port" or "--mihomo-port"
                ? new Option<int?>(setting.Flag) { Description = Describe(setting), Validators = { r => ValidatePort(r) } }
                : new Option<string?>(setting.Flag) { Description = Describe(setting) };
            command.Options.Add(option);
            options.Add((setting, option));
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            foreach (var (setting, option) in options)
            {
                var value = parseResult.GetValue<object?>(option.Name);
                if (value is not null) overrides[setting.ConfigKey] = Convert.ToString(value, CultureInfo.InvariantCulture);
            }
            UseDatabaseDirectory(overrides);
            var app = RelayWebApplication.Build([], overrides);
            await app.RunAsync(cancellationToken);
            return 0;
        });
    }

    private static string Describe(RelayEnvironmentVariables.Setting setting) =>
        $"{setting.Description} Env {setting.EnvironmentVariable}; appsettings {setting.ConfigKey}." + (setting.Default is null ? "" : $" Default: {setting.Default}.");

    /// <summary>
    /// <c>--database PATH</c> without a data directory (flag or <c>RELAY_DATA_DIR</c>): the data directory, where logs go,
    /// is the database's directory, as the Mihomo tracker's <c>master --database</c> has it.
    /// </summary>
    internal static void UseDatabaseDirectory(IDictionary<string, string?> overrides)
    {
        if (!overrides.TryGetValue("Relay:DatabasePath", out var database) || string.IsNullOrWhiteSpace(database)) return;
        if (overrides.ContainsKey("Relay:DataDir") || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RELAY_DATA_DIR"))) return;
        overrides["Relay:DataDir"] = Path.GetDirectoryName(Path.GetFullPath(database));
    }

    private static void ValidatePort(System.CommandLine.Parsing.OptionResult result)
    {
        var value = result.GetValueOrDefault<int?>();
        if (value is < 1 or > 65535) result.AddError($"{result.Option.Name} must be between 1 and 65535 (got {value}).");
    }
}
