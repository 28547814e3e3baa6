using RelayEngine.Configuration;
using RelayWeb.Services;

namespace RelayWeb.ViewModels;

/// <summary>The "New tunnel" form: both ends (node, address, targets), flow, TLS, pool, and the key (generated or given).</summary>
public sealed class TunnelFormModel
{
    public const string ThisNode = "";

    public string? Name { get; set; }
    public TunnelFlow Flow { get; set; } = TunnelFlow.Reverse;
    public int Tls { get; set; } = 1;
    public string? CertificatePath { get; set; }
    public string? PrivateKeyPath { get; set; }
    public int MinPool { get; set; } = 64;
    public int MaxPool { get; set; } = 1024;

    public string ServerRunsOn { get; set; } = ThisNode;
    public string ServerAddress { get; set; } = ":10101";
    public string ServerTargets { get; set; } = "";

    public string ClientRunsOn { get; set; } = ThisNode;
    public string ClientAddress { get; set; } = "";
    public string ClientTargets { get; set; } = "";

    public bool GenerateKey { get; set; } = true;
    public string? Key { get; set; }

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
            if (ServerRunsOn != ClientRunsOn) return "";
            var colon = ServerAddress.LastIndexOf(':');
            return colon >= 0 ? "127.0.0.1" + ServerAddress[colon..].Trim() : "";
        }
    }

    public TunnelDefinition ToDefinition() => new()
    {
        TunnelId = "new",
        Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
        Key = GenerateKey ? "" : Key ?? "",
        Flow = Flow,
        Tls = (TunnelTlsMode)Tls,
        CertificatePath = Tls == 2 ? CertificatePath?.Trim() : null,
        PrivateKeyPath = Tls == 2 ? PrivateKeyPath?.Trim() : null,
        MinPool = MinPool,
        MaxPool = MaxPool,
        Server = new TunnelEndDefinition(ServerRunsOn == ThisNode ? null : ServerRunsOn, ServerAddress.Trim(), Split(ServerTargets)),
        Client = new TunnelEndDefinition(ClientRunsOn == ThisNode ? null : ClientRunsOn, EffectiveClientAddress, Split(ClientTargets)),
    };

    private static string[] Split(string text) => text.Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
