using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using RelayEngine.Management;

namespace RelayWeb.Components.Layout;

/// <summary>The shell: header (product, node, user, log out), navigation, and each page inside an error boundary.</summary>
public partial class MainLayout
{
    private bool _sidebarExpanded = true;
    private ErrorBoundary? _errorBoundary;

    [Inject]
    public required IOptions<RelayEngineOptions> EngineOptions { get; init; }

    private string AgentId => EngineOptions.Value.AgentId;

    private static string MachineName => Environment.MachineName;

    protected override void OnParametersSet()
    {
        // Navigating to another page clears an error the previous page hit.
        _errorBoundary?.Recover();
    }

    private void Recover() => _errorBoundary?.Recover();
}
