using System.Globalization;
using RelayEngine.Configuration;
using RelayWeb.Cli;
using RelayWeb.Services;

namespace RelayWeb.ViewModels;

/// <summary>
/// The tunnel form, for a new tunnel or an existing one (<see cref="From"/>): both ends (node, address, targets), flow, TLS,
/// pool, NodePass's <c>rate</c>, <c>slot</c> and <c>read</c>, and the key (generated or given; kept when editing).
/// </summary>
public sealed class TunnelFormModel
{
    public const string ThisNode = "";

    /// <summary>The tunnel being edited; null for a new one. Settings the form does not show are kept from it.</summary>
    public TunnelDefinition? Original { get; private init; }
    public bool IsEdit => Original is not null;

    public string? Name { get; set; }
    public TunnelFlow Flow { get; set; } = TunnelFlow.Reverse;
    public int Tls { get; set; } = 1;
    public string? CertificatePath { get; set; }
    public string? PrivateKeyPath { get; set; }
    public int MinPool { get; set; } = 64;
    public int MaxPool { get; set; } = 1024;

    /// <summary>NodePass <c>rate</c>: Mbit/s each way per end; 0 is unlimited.</summary>
    public int RateMbps { get; set; }

    /// <summary>NodePass <c>slot</c>: most connections plus UDP sessions per end; 0 is unlimited.</summary>
    public int Slot { get; set; }

    /// <summary>NodePass <c>read</c>: idle timeout as a duration (<c>30s</c>, <c>10m</c>, <c>1h</c>); empty: the engine default.</summary>
    public string Read { get; set; } = "";

    /// <summary>An edited tunnel keeps the ends it has: one made from a single NodePass URL has only one.</summary>
    public bool HasServer { get; private init; } = true;
    public bool HasClient { get; private init; } = true;

    public string ServerRunsOn { get; set; } = ThisNode;
    public string ServerAddress { get; set; } = ":10101";
    public string ServerTargets { get; set; } = "";

    public string ClientRunsOn { get; set; } = ThisNode;
    public string ClientAddress { get; set; } = "";
    public string ClientTargets { get; set; } = "";

    /// <summary>New tunnel: generate a key (true) or take <see cref="Key"/>. Edit: keep the stored key (true) or set <see cref="Key"/>.</summary>
    public bool GenerateKey { get; set; } = true;
    public string? Key { get; set; }

    /// <summary>The form for editing <paramref name="tunnel"/> (its key redacted: it is kept unless a new one is typed).</summary>
    public static TunnelFormModel From(TunnelDefinition tunnel)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        return new TunnelFormModel
        {
            Original = tunnel,
            Name = tunnel.Name,
            Flow = tunnel.Flow,
            Tls = (int)tunnel.Tls,
            CertificatePath = tunnel.CertificatePath,
            PrivateKeyPath = tunnel.PrivateKeyPath,
            MinPool = tunnel.MinPool,
            MaxPool = tunnel.MaxPool,
            RateMbps = tunnel.RateLimitMbps,
            Slot = tunnel.MaxConnections ?? 0,
            Read = tunnel.IdleTimeout is { } read ? FormatDuration(read) : "",
            HasServer = tunnel.Server is not null,
            HasClient = tunnel.Client is not null,
            ServerRunsOn = tunnel.Server?.AgentId ?? ThisNode,
            ServerAddress = tunnel.Server?.Address ?? "",
            ServerTargets = string.Join('\n', tunnel.Server?.Targets ?? []),
            ClientRunsOn = tunnel.Client?.AgentId ?? ThisNode,
            ClientAddress = tunnel.Client?.Address ?? "",
            ClientTargets = string.Join('\n', tunnel.Client?.Targets ?? []),
        };
    }

    public static IReadOnlyList<(string Text, string Value)> RunsOnOptions(IEnumerable<string> knownAgents) =>
        [("This node (the master)", ThisNode), .. knownAgents.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(a => ($"Agent {a}", a))];

    /// <summary>
    /// The client dials this when no address is given: the server's tunnel port on 127.0.0.1 when both ends run on the same
    /// node; otherwise the user must say how the client reaches the server.
    /// </summary>
    public string EffectiveClientAddress
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(ClientAddress)) return ClientAddress.Trim();
            if (!HasServer || ServerRunsOn != ClientRunsOn) return "";
            var colon = ServerAddress.LastIndexOf(':');
            return colon >= 0 ? "127.0.0.1" + ServerAddress[colon..].Trim() : "";
        }
    }

    /// <summary>What the form itself can tell is wrong before the validator runs (a <c>read</c> that is not a duration).</summary>
    public IReadOnlyList<ConfigError> FormErrors() =>
        string.IsNullOrWhiteSpace(Read) || RunUrlParser.TryParseDuration(Read, out _) ? [] : [new ConfigError("read", "Use a duration such as 30s, 10m or 1h, or leave it empty for the default.")];

    public TunnelDefinition ToDefinition() => (Original ?? new TunnelDefinition { TunnelId = "new", Key = "" }) with
    {
        Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
        // Edit: *** keeps the stored key (ITunnelStore.UpdateAsync). New: empty has the store generate one.
        Key = GenerateKey ? (IsEdit ? "***" : "") : Key ?? "",
        Flow = Flow,
        Tls = (TunnelTlsMode)Tls,
        CertificatePath = Tls == 2 ? CertificatePath?.Trim() : null,
        PrivateKeyPath = Tls == 2 ? PrivateKeyPath?.Trim() : null,
        MinPool = MinPool,
        MaxPool = MaxPool,
        RateLimitMbps = RateMbps,
        MaxConnections = Slot > 0 ? Slot : null,
        IdleTimeout = !string.IsNullOrWhiteSpace(Read) && RunUrlParser.TryParseDuration(Read, out var read) ? read : null,
        Server = HasServer ? new TunnelEndDefinition(ServerRunsOn == ThisNode ? null : ServerRunsOn, ServerAddress.Trim(), Split(ServerTargets)) : null,
        Client = HasClient ? new TunnelEndDefinition(ClientRunsOn == ThisNode ? null : ClientRunsOn, EffectiveClientAddress, Split(ClientTargets)) : null,
    };

    private static string[] Split(string text) => text.Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string FormatDuration(TimeSpan value) =>
        value.TotalMilliseconds % 1000 != 0 ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMilliseconds}ms")
        : value.TotalSeconds % 3600 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}h")
        : value.TotalSeconds % 60 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMinutes}m")
        : string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalSeconds}s");
}
