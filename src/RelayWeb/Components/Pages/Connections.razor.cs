using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using RelayEngine.Management;
using RelayWeb.Master;

namespace RelayWeb.Components.Pages;

/// <summary>
/// Live and History views of the connection ledger. The view and a pre-selected relay live in the query string
/// (<c>?view=history&amp;relay=ID&amp;agent=&amp;source=&amp;target=&amp;since=&amp;until=</c>, times ISO-8601 UTC), so a link or a reload keeps them.
/// </summary>
public partial class Connections
{
    private const string LiveView = "live";
    private const string HistoryView = "history";

    [SupplyParameterFromQuery(Name = "view")]
    public string? View { get; set; }

    [SupplyParameterFromQuery(Name = "relay")]
    public string? Relay { get; set; }

    [SupplyParameterFromQuery(Name = "agent")]
    public string? Agent { get; set; }

    /// <summary>History filters from a link (the Statistics page's drill-down): source and target substrings, start-time range.</summary>
    [SupplyParameterFromQuery(Name = "source")]
    public string? Source { get; set; }

    [SupplyParameterFromQuery(Name = "target")]
    public string? Target { get; set; }

    [SupplyParameterFromQuery(Name = "since")]
    public string? Since { get; set; }

    [SupplyParameterFromQuery(Name = "until")]
    public string? Until { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required AgentRegistry Agents { get; init; }

    [Inject]
    public required IOptions<RelayEngineOptions> Engine { get; init; }

    private IReadOnlyList<NodeOption> _nodes = [];

    /// <summary>The Live view's node: empty for this node (its engine, live), else an agent (its last sync).</summary>
    private string LiveNode => string.IsNullOrEmpty(Agent) || Agent == Engine.Value.AgentId ? "" : Agent;

    protected override void OnInitialized() =>
        _nodes = [new("This node (live)", ""), .. Agents.GetAgents().Select(a => new NodeOption($"Agent {a.AgentId}", a.AgentId))];

    private void SetNode(string node) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("agent", node.Length == 0 ? null : node));

    private sealed record NodeOption(string Text, string Value);

    private string CurrentView => string.Equals(View, HistoryView, StringComparison.OrdinalIgnoreCase) ? HistoryView : LiveView;

    private void SetView(string view) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("view", view == LiveView ? null : view));
}
