using System.CommandLine;
using System.Globalization;
using RelayWeb.AgentSync;
using RelayWeb.Hosting;

namespace RelayWeb.Cli;

/// <summary>
/// <c>relay agent</c>: the engine without the dashboard. Runs the relays its master assigns, keeps its ledger in
/// <c>--local-database</c>, and pushes it to <c>--master-url</c> (or keeps everything locally without one).
/// </summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var command = new Command("agent",
            "Run headless as an agent: the relay engine without the dashboard. Relays come from the master (--master-url), applied " +
            "without a restart and remembered across restarts; every connection is recorded in --local-database and pushed to the " +
            "master in ordered, acknowledged batches. While the master is away everything is buffered locally and sent, oldest " +
            "first, when it returns. Without --master-url the agent runs offline and keeps everything locally.");
        var options = new List<(RelayEnvironmentVariables.Setting Setting, Option Option)>();
        foreach (var setting in RelayEnvironmentVariables.Agent)
        {
            Option option = setting.IsNumber
                ? new Option<int?>(setting.Flag) { Description = Describe(setting), CustomParser = ParseWholeNumber }
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
            var builder = AgentHost.CreateBuilder(overrides);
            var errors = AgentHost.Validate(builder.Configuration);
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync($"relay agent: {errors[0]} Run 'relay agent --help' for usage.");
                return RelayCommandLine.UsageError;
            }
            using var host = AgentHost.Build(builder);
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static int? ParseWholeNumber(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        result.AddError($"{((System.CommandLine.Parsing.OptionResult)result.Parent!).Option.Name} must be a whole number (got '{text}').");
        return null;
    }

    private static string Describe(RelayEnvironmentVariables.Setting setting) =>
        $"{setting.Description} Env {setting.EnvironmentVariable}; appsettings {setting.ConfigKey}." + (setting.Default is null ? "" : $" Default: {setting.Default}.");
}
