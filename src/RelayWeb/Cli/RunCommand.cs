using Serilog;
using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayEngine.Configuration;
using RelayWeb.Hosting;

namespace RelayWeb.Cli;

/// <summary>
/// <c>relay run URL...</c>: headless forwards and tunnel ends from NodePass-style URLs until Ctrl-C/SIGTERM, with the
/// ledger in <c>--data-dir</c>. A server URL without a key gets a generated one, printed once on the console (never logged).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var urls = new Argument<string[]>("url")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "URLs: tcp://LISTEN/TARGET[,TARGET...][?name=web&strategy=failover|round-robin&connect=5s&idle=30s&max=100], "
                + "udp://LISTEN/TARGET, fanout://LISTEN/T1,T2 (UDP to every target), "
                + "server://[KEY@]TUNNEL/TARGET[?tls=0|1|2&crt=&key=&mode=0|1|2&max=&read=&rate=&proxy=0|1&slot=&log=] "
                + "(a missing KEY is generated and printed once), client://KEY@SERVER:PORT/TARGET[?mode=0|1|2&min=&read=&rate=&proxy=&slot=&log=].",
        };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for the ledger database (relay.db) and logs. Env RELAY_DATA_DIR. Default: ./data.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RELAY_DATA_DIR") ?? "./data" };
        var agentId = new Option<string>("--agent-id") { Description = "This node's id in the ledger. Env RELAY_AGENT_ID. Default: local.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RELAY_AGENT_ID") ?? "local" };
        var command = new Command("run", "Run forwards and tunnel ends headless from URLs (NodePass style) until Ctrl-C or SIGTERM, printing each connection.") { urls, dataDir, agentId };
        command.Validators.Add(result =>
        {
            var values = result.GetValue(urls) ?? [];
            for (var i = 0; i < values.Length; i++)
            {
                if (!RunUrlParser.TryParseRun(values[i], i, out var spec, out var error)) { result.AddError(error); return; }
                if (Validate(spec) is { } problem) { result.AddError(problem); return; }
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var values = parseResult.GetValue(urls)!;
            var specs = values.Select((url, i) => RunUrlParser.TryParseRun(url, i, out var spec, out _) ? spec : throw new InvalidOperationException()).ToArray();
            var relays = new List<RelayConfig>();
            var tunnels = new List<TunnelConfig>();
            foreach (var spec in specs)
            {
                if (!Resolve(spec, relays, tunnels, out var error))
                {
                    await Console.Error.WriteLineAsync($"relay run: {error}");
                    return RelayCommandLine.UsageError;
                }
            }
            PrintKeys(specs);

            var directory = parseResult.GetValue(dataDir)!;
            Directory.CreateDirectory(directory);
            var builder = Host.CreateApplicationBuilder();
            if (MostVerbose(specs) is { } level) builder.Configuration["Serilog:MinimumLevel:Default"] = ToSerilog(level);
            var logger = SerilogSetup.CreateLogger(builder.Configuration, Path.Combine(directory, "logs"));
            builder.Logging.ClearProviders();
            builder.Logging.AddSerilog(logger, dispose: true);
            builder.Services.AddRelayPersistence(Path.GetFullPath(Path.Combine(directory, "relay.db")));
            builder.Services.Replace(ServiceDescriptor.Singleton<IEngineConfigProvider>(new InMemoryEngineConfigProvider(relays, tunnels)));
            builder.Services.AddHostedService<PersistenceInitializer>();
            builder.Services.AddRelayEngine(o => o.AgentId = parseResult.GetValue(agentId)!);
            builder.Services.AddHostedService<ConsoleConnectionReporter>();
            builder.Services.AddHostedService<RunStartupReporter>();
            if (tunnels.Count > 0) builder.Services.AddHostedService<TunnelCheckpointReporter>();

            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static string? Validate(RunSpec spec)
    {
        foreach (var relay in spec.Relays)
        {
            var problems = new EngineConfigValidator().Validate(relay);
            if (problems.Count > 0) return $"'{spec.DisplayUrl}': {problems[0].Field}: {problems[0].Message}";
        }
        if (spec.Tunnel is { } tunnel)
        {
            var problems = TunnelConfigValidator.Validate(tunnel);
            if (problems.Count > 0) return $"'{spec.DisplayUrl}': {problems[0].Field}: {problems[0].Message}";
        }
        return null;
    }

    /// <summary>Adds what <paramref name="spec"/> runs; for a client in mode 0, decides single-end or dual-end as NodePass does.</summary>
    internal static bool Resolve(RunSpec spec, List<RelayConfig> relays, List<TunnelConfig> tunnels, out string error)
    {
        error = "";
        if (spec.DetectClientMode)
        {
            if (CanBindLocally(spec.Relays[0].Listen))
            {
                relays.AddRange(spec.Relays); // the tunnel address is ours: single-end forwarding (NodePass client mode 1)
                return true;
            }
            if (spec.Tunnel is null)
            {
                error = $"'{spec.DisplayUrl}' is a tunnel client (its tunnel address is not on this machine) and needs the key the server printed: client://KEY@SERVER:PORT/TARGET.";
                return false;
            }
            tunnels.Add(spec.Tunnel);
            return true;
        }
        relays.AddRange(spec.Relays);
        if (spec.Tunnel is not null) tunnels.Add(spec.Tunnel);
        return true;
    }

    /// <summary>NodePass's test for client mode 0: can this machine bind the tunnel address?</summary>
    internal static bool CanBindLocally(string address)
    {
        if (!EndpointParser.TryParseListen(address, out var endPoint, out _)) return false; // a host name: a remote server
        try
        {
            using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void PrintKeys(IEnumerable<RunSpec> specs)
    {
        foreach (var spec in specs)
        {
            if (spec.Tunnel is not { } tunnel) continue;
            if (spec.KeyGenerated)
            {
                var port = tunnel.TunnelAddress[(tunnel.TunnelAddress.LastIndexOf(':') + 1)..];
                Console.WriteLine($"Tunnel {tunnel.TunnelId}: generated tunnel key (shown once, not stored): {tunnel.Key}");
                Console.WriteLine($"  Start the client with: relay run \"client://{tunnel.Key}@THIS_SERVER:{port}/TARGET\"");
            }
            else if (tunnel.Key.Length < TunnelConfigValidator.RecommendedKeyLength)
            {
                Console.Error.WriteLine($"relay run: warning: the key of tunnel {tunnel.TunnelId} is shorter than {TunnelConfigValidator.RecommendedKeyLength} characters; leave it out on the server to have a strong one generated.");
            }
        }
    }

    /// <summary>The most verbose <c>log=</c> among the URLs (one process, one log), or null when none set it.</summary>
    private static LogLevel? MostVerbose(IEnumerable<RunSpec> specs) =>
        specs.Select(s => s.LogLevel).Where(l => l is not null).Min();

    private static string ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => "Verbose",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        _ => "Fatal",
    };
}
