using Serilog;
using System.CommandLine;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayEngine.Configuration;
using RelayWeb.Hosting;

namespace RelayWeb.Cli;

/// <summary><c>relay run URL...</c>: headless relays from URLs until Ctrl-C/SIGTERM, with the ledger in <c>--data-dir</c>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var urls = new Argument<string[]>("url")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Relay URLs: tcp://LISTEN/TARGET[,TARGET...][?name=web&strategy=failover|round-robin&connect=5s&idle=30s&max=100], udp://LISTEN/TARGET, fanout://LISTEN/T1,T2 (UDP to every target).",
        };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for the ledger database (relay.db) and logs. Env RELAY_DATA_DIR. Default: ./data.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RELAY_DATA_DIR") ?? "./data" };
        var agentId = new Option<string>("--agent-id") { Description = "This node's id in the ledger. Env RELAY_AGENT_ID. Default: local.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RELAY_AGENT_ID") ?? "local" };
        var command = new Command("run", "Run relays headless from URLs (NodePass style) until Ctrl-C or SIGTERM, printing each connection.") { urls, dataDir, agentId };
        command.Validators.Add(result =>
        {
            var values = result.GetValue(urls) ?? [];
            for (var i = 0; i < values.Length; i++)
            {
                if (!RunUrlParser.TryParse(values[i], i, out var relay, out var error)) { result.AddError(error); return; }
                var problems = new EngineConfigValidator().Validate(relay);
                if (problems.Count > 0) { result.AddError($"'{values[i]}': {problems[0].Field}: {problems[0].Message}"); return; }
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var values = parseResult.GetValue(urls)!;
            var relays = values.Select((url, i) => RunUrlParser.TryParse(url, i, out var relay, out _) ? relay : throw new InvalidOperationException()).ToArray();
            var directory = parseResult.GetValue(dataDir)!;
            Directory.CreateDirectory(directory);

            var builder = Host.CreateApplicationBuilder();
            var logger = SerilogSetup.CreateLogger(builder.Configuration, Path.Combine(directory, "logs"));
            builder.Logging.ClearProviders();
            builder.Logging.AddSerilog(logger, dispose: true);
            builder.Services.AddRelayPersistence(Path.GetFullPath(Path.Combine(directory, "relay.db")));
            builder.Services.Replace(ServiceDescriptor.Singleton<IEngineConfigProvider>(new InMemoryEngineConfigProvider(relays)));
            builder.Services.AddHostedService<PersistenceInitializer>();
            builder.Services.AddRelayEngine(o => o.AgentId = parseResult.GetValue(agentId)!);
            builder.Services.AddHostedService<ConsoleConnectionReporter>();
            builder.Services.AddHostedService<RunStartupReporter>();

            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
